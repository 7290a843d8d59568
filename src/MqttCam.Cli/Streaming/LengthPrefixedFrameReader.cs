using System.Buffers.Binary;

namespace MqttCam.Cli.Streaming;

/// <summary>
/// Reads the little-endian uint32 length-prefixed JPEG stream (the receiving end of <c>mqttcam stream --to</c>).
/// A length above <see cref="MaxFrameSize"/> is refused before anything is allocated, so garbage on the socket cannot
/// exhaust memory.
/// </summary>
public sealed class LengthPrefixedFrameReader(Stream stream, int maxFrameSize = LengthPrefixedFrameReader.DefaultMaxFrameSize)
{
    public const int DefaultMaxFrameSize = 16 * 1024 * 1024;

    private readonly Stream _stream = stream;
    private readonly byte[] _header = new byte[4];

    public int MaxFrameSize { get; } = maxFrameSize;

    /// <returns>The next frame, or null at the zero-length end marker.</returns>
    /// <exception cref="InvalidDataException">The length is too large, or the stream ended inside a frame.</exception>
    public async ValueTask<byte[]?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        await ReadExactlyAsync(_header, "length prefix", cancellationToken).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(_header);
        if (length == 0)
        {
            return null;
        }

        if (length > MaxFrameSize)
        {
            throw new InvalidDataException($"frame length {length} exceeds the limit of {MaxFrameSize} bytes (not an MqttCam/picamera stream?)");
        }

        var frame = new byte[length];
        await ReadExactlyAsync(frame, "frame", cancellationToken).ConfigureAwait(false);
        return frame;
    }

    private async ValueTask ReadExactlyAsync(Memory<byte> buffer, string what, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"the stream ended inside a {what} (no zero-length end marker)", ex);
        }
    }
}
