using System.Globalization;
using System.Text;
using MqttCam.Bridge.Cameras;

namespace MqttCam.Bridge.Serving;

/// <summary>
/// The bytes of a live.jpeg response around the JPEG: everything but Date and X-Frame-Age-Ms is fixed for a frame, so
/// it is formatted once per frame (<see cref="Frame.LiveResponseHead"/>); the two per-request lines are written into a
/// small per-connection buffer. Headers and values are exactly those <c>FrameResponse</c> sets on the Kestrel path.
/// </summary>
internal static class LiveResponseHead
{
    /// <summary>Room for the Date line, the age line and the blank line.</summary>
    public const int TailCapacity = 96;

    public static byte[] Build(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var text = string.Create(CultureInfo.InvariantCulture, $"""
            HTTP/1.1 200 OK
            Content-Length: {frame.Jpeg.Length}
            Content-Type: image/jpeg
            Cache-Control: no-cache
            ETag: {frame.EntityTagText}
            Last-Modified: {frame.LastModifiedText}
            X-Capture-Time: {frame.CapturedAtText}
            X-Frame-Sequence: {frame.SequenceText}
            X-Clock-Skew-Ms: {frame.ClockSkewMillisecondsText}

            """).ReplaceLineEndings("\r\n");
        return Encoding.ASCII.GetBytes(text);
    }

    /// <summary>Writes <c>Date</c>, <c>X-Frame-Age-Ms</c> and the blank line; returns the bytes written.</summary>
    public static int WriteTail(Span<byte> destination, ReadOnlySpan<byte> dateLine, string ageMilliseconds)
    {
        var written = 0;
        dateLine.CopyTo(destination);
        written += dateLine.Length;
        written += Encoding.ASCII.GetBytes("X-Frame-Age-Ms: ", destination[written..]);
        written += Encoding.ASCII.GetBytes(ageMilliseconds, destination[written..]);
        "\r\n\r\n"u8.CopyTo(destination[written..]);
        return written + 4;
    }

    /// <summary>The <c>Date</c> header line of the given second (RFC 9110 IMF-fixdate), as Kestrel writes it.</summary>
    public static byte[] DateLine(DateTimeOffset now) =>
        Encoding.ASCII.GetBytes($"Date: {now.ToString("R", CultureInfo.InvariantCulture)}\r\n");
}
