using MqttCam.Bridge.Cameras;
using MqttCam.Bridge.Streaming;

namespace MqttCam.Bridge.Serving;

/// <summary>
/// The memfd of each camera's newest frame (<c>Bridge:LiveSendfile</c>), written once on the frame's first fast-path
/// send and released when a newer frame replaces it. At most <see cref="MaxOpen"/> are open (docs/limits.md); past
/// that, or when the kernel refuses one, the caller sends from the frame's managed buffer as before.
/// </summary>
internal sealed class FrameFiles : IDisposable
{
    /// <summary>Open frame files at once, superseded ones still under a send included.</summary>
    public const int MaxOpen = 256;

    private readonly Dictionary<string, FrameFile> _latest = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private bool _disposed;

    public FrameFiles(bool enabled)
    {
        Enabled = enabled && LinuxSendfile.IsSupported;
    }

    public bool Enabled { get; }

    /// <summary>The file of <paramref name="frame"/> if it is (or becomes) its camera's newest; null: send it the managed way.</summary>
    public FrameFile? For(Frame frame)
    {
        if (!Enabled)
        {
            return null;
        }

        lock (_lock)
        {
            if (_latest.TryGetValue(frame.CameraId, out var current))
            {
                if (ReferenceEquals(current.Frame, frame))
                {
                    return current;
                }

                if (current.Frame.IngestNumber > frame.IngestNumber)
                {
                    // An older frame still queued for a slow stream client: not worth a file.
                    return null;
                }
            }

            if (_disposed || FrameFile.Open >= MaxOpen)
            {
                return null;
            }

            var part = frame.MjpegPart(MjpegStreamWriter.Trailer);
            var sizeLine = HttpChunk.SizeLine(new byte[HttpChunk.MaxSizeLineLength], part.Length);
            if (FrameFile.TryCreate(frame, sizeLine, part, HttpChunk.End) is not { } created)
            {
                // memfd_create or sealing refused (old kernel, seccomp, EMFILE): this frame goes the managed way; the
                // next frame asks again (one cheap failing call per frame at most).
                return null;
            }

            _latest[frame.CameraId] = created;

            // Closes now, or when the last send on it releases its lease.
            current?.Dispose();
            return created;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var file in _latest.Values)
            {
                file.Dispose();
            }

            _latest.Clear();
        }
    }
}
