using System.Globalization;
using System.Threading.Channels;
using MqttCam.Capture;
using MqttCam.Device.Configuration;
using MqttCam.Device.Feed;
using MqttCam.Media;

namespace MqttCam.Device.Recording;

/// <summary>What <c>record</c> wrote.</summary>
public sealed record RecordedClip(string Path, long Frames, double Fps, long Size);

/// <summary>
/// The frame sink behind <c>record</c>: while a recording runs, a copy of each live frame (whatever the source) is
/// piped to ffmpeg and encoded to H.264 into an MP4 that appears atomically under its final name. One at a time.
/// </summary>
public sealed class ClipRecorder(DeviceConfiguration configuration, TimeProvider time) : IFrameSink
{
    private Channel<byte[]>? _frames;
    private int _busy;

    /// <summary>Claims the recorder; false while another recording runs. Pair with <see cref="End"/>.</summary>
    public bool TryBegin() => Interlocked.CompareExchange(ref _busy, 1, 0) == 0;

    public void End() => Volatile.Write(ref _busy, 0);

    public void OnFrame(JpegFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (Volatile.Read(ref _frames) is { } frames)
        {
            frames.Writer.TryWrite(frame.ToArray());
        }
    }

    /// <summary>Records <paramref name="frameCount"/> live frames at <paramref name="fps"/> into <paramref name="path"/>.</summary>
    /// <exception cref="IOException">No frame within the capture timeout, ffmpeg failed, or the disk is full; no half clip is left.</exception>
    public async Task<RecordedClip> RecordAsync(string path, double fps, long frameCount, string sourceKind, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + ".part";
        try
        {
            // A few frames of slack: ffmpeg may pause while it starts; older frames are dropped, not queued forever.
            var frames = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(8) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
            var written = 0L;
            var encoder = Mp4ClipEncoder.Start(fps, partial, configuration.Capture.FfmpegPath);
            await using (encoder.ConfigureAwait(false))
            {
                Volatile.Write(ref _frames, frames);
                try
                {
                    var frameTimeout = TimeSpan.FromSeconds(configuration.Device.CaptureTimeoutSeconds);
                    while (written < frameCount)
                    {
                        byte[] jpeg;
                        try
                        {
                            jpeg = await frames.Reader.ReadAsync(cancellationToken).AsTask().WaitAsync(frameTimeout, time, cancellationToken).ConfigureAwait(false);
                        }
                        catch (TimeoutException)
                        {
                            throw new IOException(string.Create(CultureInfo.InvariantCulture, $"no frame from the {sourceKind} source within {frameTimeout.TotalSeconds} s after {written} frames"));
                        }

                        await encoder.WriteFrameAsync(jpeg, cancellationToken).ConfigureAwait(false);
                        written++;
                    }
                }
                finally
                {
                    Volatile.Write(ref _frames, null);
                }

                await encoder.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            // Readers of the capture folder only ever see a finished clip.
            File.Move(partial, path, overwrite: true);
            partial = null;
            return new RecordedClip(path, written, fps, new FileInfo(path).Length);
        }
        finally
        {
            if (partial is not null)
            {
                TryDelete(partial);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover .part file says what happened.
        }
    }
}
