using System.Globalization;

namespace MqttCam.Bridge.Streaming;

/// <summary>
/// HTTP/1.1 chunked framing of the MJPEG stream (size line, data, CRLF): written by the fast path's sends and laid out
/// alike in sendfile's frame files, so both put the same bytes on the wire.
/// </summary>
internal static class HttpChunk
{
    /// <summary>Room for the longest size line: 8 hex digits and CRLF.</summary>
    public const int MaxSizeLineLength = 10;

    /// <summary>The CRLF that ends a chunk's data.</summary>
    public static readonly byte[] End = "\r\n"u8.ToArray();

    /// <summary>Writes the size line of a chunk of <paramref name="size"/> bytes into <paramref name="buffer"/>.</summary>
    public static ArraySegment<byte> SizeLine(byte[] buffer, int size)
    {
        size.TryFormat(buffer, out var written, "x", CultureInfo.InvariantCulture);
        buffer[written] = (byte)'\r';
        buffer[written + 1] = (byte)'\n';
        return new ArraySegment<byte>(buffer, 0, written + 2);
    }
}
