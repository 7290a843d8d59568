using System.Buffers.Binary;

namespace MqttCam.Core.Framing;

/// <summary>
/// The classic picamera network-stream framing: each JPEG preceded by its length as a little-endian uint32, and a
/// zero length to say "no more frames". The header buffer is reused, so writing a frame allocates nothing.
/// </summary>
public sealed class LengthPrefixedFrameWriter(Stream stream)
{
    private readonly Stream _stream = stream;
    private readonly byte[] _header = new byte[4];

    public long FramesWritten { get; private set; }

    public long BytesWritten { get; private set; }

    public async ValueTask WriteFrameAsync(ReadOnlyMemory<byte> jpeg, CancellationToken cancellationToken)
    {
        if (jpeg.IsEmpty)
        {
            // A zero length would end the stream for the receiver.
            throw new ArgumentException("an empty frame cannot be sent: a zero length marks the end of the stream", nameof(jpeg));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(_header, (uint)jpeg.Length);
        await _stream.WriteAsync(_header, cancellationToken).ConfigureAwait(false);
        await _stream.WriteAsync(jpeg, cancellationToken).ConfigureAwait(false);
        FramesWritten++;
        BytesWritten += jpeg.Length + 4;
    }

    /// <summary>Writes the zero-length end marker and flushes.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_header, 0);
        await _stream.WriteAsync(_header, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
