using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace MqttCam.Bridge.Frames;

/// <summary>
/// One received JPEG with everything a response needs, computed once per frame and shared by every client:
/// the ETag and the MJPEG part header are never built per request.
/// </summary>
public sealed class Frame
{
    private volatile AgeText? _ageText;
    private byte[]? _mjpegPart;

    private Frame(string cameraId, long sequence, long ingestNumber, DateTimeOffset capturedAt, DateTimeOffset receivedAt, ReadOnlyMemory<byte> jpeg, int width, int height, EntityTagHeaderValue entityTag, byte[] partHeader)
    {
        CameraId = cameraId;
        Sequence = sequence;
        IngestNumber = ingestNumber;
        CapturedAt = capturedAt;
        ReceivedAt = receivedAt;
        Jpeg = jpeg;
        Width = width;
        Height = height;
        EntityTag = entityTag;
        PartHeader = partHeader;
        EntityTagText = entityTag.Tag.ToString();
        CapturedAtText = capturedAt.ToString("O", CultureInfo.InvariantCulture);
        LastModifiedText = capturedAt.ToString("R", CultureInfo.InvariantCulture);
        SequenceText = sequence.ToString(CultureInfo.InvariantCulture);
    }

    public string CameraId { get; }

    /// <summary>The device's sequence number, or the bridge's own count when the publisher sent none.</summary>
    public long Sequence { get; }

    /// <summary>Position of this frame among all frames the bridge received for the camera (strictly increasing).</summary>
    public long IngestNumber { get; }

    public DateTimeOffset CapturedAt { get; }

    public DateTimeOffset ReceivedAt { get; }

    public ReadOnlyMemory<byte> Jpeg { get; }

    public int Width { get; }

    public int Height { get; }

    public EntityTagHeaderValue EntityTag { get; }

    /// <summary>The ETag header value, quotes included; kept as a string so a response never formats it.</summary>
    public string EntityTagText { get; }

    /// <summary>The MJPEG part headers (Content-Type, Content-Length, timestamps) ending with the blank line.</summary>
    public ReadOnlyMemory<byte> PartHeader { get; }

    public string CapturedAtText { get; }

    public string SequenceText { get; }

    /// <summary>The capture time as an HTTP date, formatted once rather than per response.</summary>
    public string LastModifiedText { get; }

    /// <summary>Frame age against the capture time, never negative (device clocks may run ahead).</summary>
    public TimeSpan AgeAt(DateTimeOffset now)
    {
        var age = now - CapturedAt;
        return age < TimeSpan.Zero ? TimeSpan.Zero : age;
    }

    /// <summary>
    /// The age in whole milliseconds as text. At thousands of requests per second most requests fall in the same
    /// millisecond as the previous one, so the last text is kept and reused instead of formatting a string each time.
    /// </summary>
    public string AgeMillisecondsText(DateTimeOffset now)
    {
        var milliseconds = (long)AgeAt(now).TotalMilliseconds;
        var cached = _ageText;
        if (cached is not null && cached.Milliseconds == milliseconds)
        {
            return cached.Text;
        }

        var text = milliseconds.ToString(CultureInfo.InvariantCulture);
        _ageText = new AgeText(milliseconds, text);
        return text;
    }

    /// <summary>
    /// Part header, JPEG and the next boundary in one buffer, built on first use and shared by every MJPEG client, so
    /// each client costs a single write per frame.
    /// </summary>
    public ReadOnlyMemory<byte> MjpegPart(ReadOnlySpan<byte> trailer)
    {
        if (_mjpegPart is { } built)
        {
            return built;
        }

        var part = new byte[PartHeader.Length + Jpeg.Length + trailer.Length];
        PartHeader.Span.CopyTo(part);
        Jpeg.Span.CopyTo(part.AsSpan(PartHeader.Length));
        trailer.CopyTo(part.AsSpan(PartHeader.Length + Jpeg.Length));

        // Two clients racing here build equal buffers; whichever lands first is kept for everyone after.
        return Interlocked.CompareExchange(ref _mjpegPart, part, null) ?? part;
    }

    /// <summary>Builds the frame; <c>instanceTag</c> differs per bridge process so an ETag from before a restart never matches a new frame.</summary>
    public static Frame Create(string cameraId, long sequence, long ingestNumber, DateTimeOffset capturedAt, DateTimeOffset receivedAt, ReadOnlyMemory<byte> jpeg, int width, int height, string instanceTag)
    {
        ArgumentException.ThrowIfNullOrEmpty(cameraId);
        var tag = new EntityTagHeaderValue(string.Create(CultureInfo.InvariantCulture, $"\"{instanceTag}-{ingestNumber:x}-{sequence:x}\""));
        var header = string.Create(
            CultureInfo.InvariantCulture,
            $"Content-Type: image/jpeg\r\nContent-Length: {jpeg.Length}\r\nX-Frame-Sequence: {sequence}\r\nX-Timestamp: {capturedAt.ToUnixTimeMilliseconds() / 1000.0:0.000}\r\n\r\n");
        return new Frame(cameraId, sequence, ingestNumber, capturedAt, receivedAt, jpeg, width, height, tag, Encoding.ASCII.GetBytes(header));
    }

    /// <summary>One immutable pair so readers never see a text from one millisecond with the number of another.</summary>
    private sealed record AgeText(long Milliseconds, string Text);
}
