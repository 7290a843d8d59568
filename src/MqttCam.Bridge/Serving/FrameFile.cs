using System.Runtime.InteropServices;
using MqttCam.Bridge.Cameras;

namespace MqttCam.Bridge.Serving;

/// <summary>
/// One frame's bytes in a sealed memfd, laid out as the MJPEG chunk (size line, JPEG, trailer, CRLF) so the same file
/// serves live.jpeg (the JPEG range) and every MJPEG client (the whole chunk) through sendfile. A send holds a
/// <see cref="Lease"/> (SafeHandle AddRef/Release), so superseding the frame never closes the file under a send: it
/// closes when the last user lets go.
/// </summary>
internal sealed class FrameFile : SafeHandle
{
    private static int s_open;

    private FrameFile(Frame frame, int fd, int jpegOffset, int chunkLength)
        : base(-1, ownsHandle: true)
    {
        Frame = frame;
        JpegOffset = jpegOffset;
        ChunkLength = chunkLength;
        SetHandle(fd);
        Interlocked.Increment(ref s_open);
    }

    /// <summary>Files open in this process (the bound of <see cref="FrameFiles"/>; tests count them).</summary>
    public static int Open => Volatile.Read(ref s_open);

    public Frame Frame { get; }

    /// <summary>Where the JPEG starts in the file (after the chunk size line).</summary>
    public int JpegOffset { get; }

    /// <summary>The whole MJPEG chunk, from offset 0.</summary>
    public int ChunkLength { get; }

    public override bool IsInvalid => handle == -1;

    /// <summary>The file for <paramref name="frame"/>, or null when the kernel refuses one (the caller stays on the managed path).</summary>
    public static FrameFile? TryCreate(Frame frame, ReadOnlyMemory<byte> chunkSizeLine, ReadOnlyMemory<byte> part, ReadOnlyMemory<byte> chunkEnd)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var fd = LinuxSendfile.CreateSealedFile([chunkSizeLine, part, chunkEnd]);
        return fd < 0 ? null : new FrameFile(frame, fd, chunkSizeLine.Length, chunkSizeLine.Length + part.Length + chunkEnd.Length);
    }

    /// <summary>Holds the file open for one send; false when it was already closed (superseded and released).</summary>
    public bool TryLease(out Lease lease)
    {
        var added = false;
        try
        {
            DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
        }

        lease = added ? new Lease(this) : default;
        return added;
    }

    protected override bool ReleaseHandle()
    {
        LinuxSendfile.CloseFile((int)handle);
        Interlocked.Decrement(ref s_open);
        return true;
    }

    /// <summary>The raw descriptor, valid while the lease is held.</summary>
    public readonly struct Lease(FrameFile file) : IDisposable
    {
        public int Descriptor => (int)file.DangerousGetHandle();

        public void Dispose() => file?.DangerousRelease();
    }
}
