using System.Buffers;
using MqttCam.Imaging;

namespace MqttCam.Capture;

/// <summary>
/// One captured JPEG held in a buffer rented from <see cref="ArrayPool{T}"/>, so a device running for months does not
/// allocate a large array per frame. The owner must dispose it exactly once it is done; reading after that throws.
/// </summary>
public sealed class JpegFrame : IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;

    private JpegFrame(byte[] buffer, int length, long sequence, DateTimeOffset capturedAt, JpegInfo info)
    {
        _buffer = buffer;
        _length = length;
        Sequence = sequence;
        CapturedAt = capturedAt;
        Width = info.Width;
        Height = info.Height;
    }

    /// <summary>The JPEG bytes; valid only until <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Data => new(Buffer, 0, _length);

    public int Length => _length;

    public long Sequence { get; }

    public DateTimeOffset CapturedAt { get; }

    public int Width { get; }

    public int Height { get; }

    public bool IsDisposed => Volatile.Read(ref _buffer) is null;

    private byte[] Buffer => Volatile.Read(ref _buffer)
        ?? throw new ObjectDisposedException(nameof(JpegFrame), $"Frame {Sequence} was disposed: its pooled buffer may already hold another frame.");

    /// <summary>
    /// Copies <paramref name="jpeg"/> into a pooled buffer after checking its header.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a readable JPEG.</exception>
    public static JpegFrame Create(ReadOnlySpan<byte> jpeg, long sequence, DateTimeOffset capturedAt) =>
        TryCreate(jpeg, sequence, capturedAt, out var frame)
            ? frame
            : throw new InvalidDataException($"Frame {sequence} ({jpeg.Length} bytes) is not a valid JPEG: its header cannot be read.");

    /// <summary>Like <see cref="Create"/>, but returns false (renting nothing) for bytes that are not a JPEG.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> jpeg, long sequence, DateTimeOffset capturedAt, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JpegFrame? frame)
    {
        frame = null;
        if (!JpegCodec.TryReadInfo(jpeg, out var info))
        {
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(jpeg.Length);
        jpeg.CopyTo(buffer);
        frame = new JpegFrame(buffer, jpeg.Length, sequence, capturedAt, info);
        return true;
    }

    /// <summary>Takes ownership of a rented buffer that already holds the JPEG; returns it to the pool when invalid.</summary>
    internal static bool TryAdopt(byte[] rented, int length, long sequence, DateTimeOffset capturedAt, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JpegFrame? frame)
    {
        frame = null;
        if (!JpegCodec.TryReadInfo(rented.AsSpan(0, length), out var info))
        {
            ArrayPool<byte>.Shared.Return(rented);
            return false;
        }

        frame = new JpegFrame(rented, length, sequence, capturedAt, info);
        return true;
    }

    /// <summary>A copy that outlives the frame (allocates: not for the per-frame hot path).</summary>
    public byte[] ToArray() => Buffer.AsSpan(0, _length).ToArray();

    public void Dispose()
    {
        // Exchange makes a double dispose harmless: the buffer goes back to the pool once only.
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
