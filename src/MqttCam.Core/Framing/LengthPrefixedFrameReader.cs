using System.Buffers.Binary;

namespace MqttCam.Core.Framing;

/// <summary>
/// Reads the little-endian uint32 length-prefixed JPEG stream (the bridge's TCP ingest, the receiving end of
/// <c>mqttcam stream --to</c>). Each frame is one exact-size array. A length above <see cref="MaxFrameSize"/> is
/// refused before anything is allocated, so garbage on the socket cannot exhaust memory.
/// </summary>
public sealed class LengthPrefixedFrameReader(Stream stream, int maxFrameSize = LengthPrefixedFrameReader.DefaultMaxFrameSize)
{
    public const int DefaultMaxFrameSize = 16 * 1024 * 1024;

    private readonly Stream _stream = stream;
    private readonly byte[] _header = new byte[4];

    public int MaxFrameSize { get; } = maxFrameSize;

    /// <summary>
    /// Reads the next frame without throwing for a bad stream (a network peer's fault, not an exceptional event); after
    /// any status but <see cref="LengthPrefixedReadStatus.Frame"/> the stream is done.
    /// </summary>
    /// <exception cref="IOException">The stream itself failed (for example, the connection was reset).</exception>
    public async ValueTask<LengthPrefixedRead> ReadAsync(CancellationToken cancellationToken)
    {
        if (!await TryReadExactlyAsync(_header, cancellationToken).ConfigureAwait(false))
        {
            return new LengthPrefixedRead(LengthPrefixedReadStatus.EndedInsideLength, null, 0);
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(_header);
        if (length == 0)
        {
            return new LengthPrefixedRead(LengthPrefixedReadStatus.End, null, 0);
        }

        if (length > MaxFrameSize)
        {
            return new LengthPrefixedRead(LengthPrefixedReadStatus.TooLarge, null, length);
        }

        var frame = new byte[length];
        return await TryReadExactlyAsync(frame, cancellationToken).ConfigureAwait(false)
            ? new LengthPrefixedRead(LengthPrefixedReadStatus.Frame, frame, length)
            : new LengthPrefixedRead(LengthPrefixedReadStatus.EndedInsideFrame, null, length);
    }

    /// <returns>The next frame, or null at the zero-length end marker.</returns>
    /// <exception cref="InvalidDataException">The length is too large, or the stream ended inside a frame.</exception>
    public async ValueTask<byte[]?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var read = await ReadAsync(cancellationToken).ConfigureAwait(false);
        return read.Status switch
        {
            LengthPrefixedReadStatus.Frame => read.Frame,
            LengthPrefixedReadStatus.End => null,
            LengthPrefixedReadStatus.TooLarge => throw new InvalidDataException(
                $"frame length {read.Length} exceeds the limit of {MaxFrameSize} bytes (not an MqttCam/picamera stream?)"),
            LengthPrefixedReadStatus.EndedInsideLength => throw new InvalidDataException("the stream ended inside a length prefix (no zero-length end marker)"),
            _ => throw new InvalidDataException("the stream ended inside a frame (no zero-length end marker)"),
        };
    }

    private async ValueTask<bool> TryReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        await _stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) == buffer.Length;
}
