using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace MqttCam.Bridge.Cameras;

/// <summary>
/// One received JPEG with everything a response needs, computed once per frame and shared by every client:
/// the ETag and the MJPEG part header are never built per request.
/// </summary>
public sealed class Frame
{
    private volatile AgeText? _ageText;
    private byte[]? _mjpegPart;
    private byte[]? _liveResponseHead;

    private Frame(string cameraId, long sequence, long ingestNumber, DateTimeOffset capturedAt, DateTimeOffset receivedAt, ReadOnlyMemory<byte> jpeg, int width, int height, EntityTagHeaderValue entityTag)
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
        EntityTagText = entityTag.Tag.ToString();
        CapturedAtText = capturedAt.ToString("O", CultureInfo.InvariantCulture);
        LastModifiedText = capturedAt.ToString("R", CultureInfo.InvariantCulture);
        SequenceText = sequence.ToString(CultureInfo.InvariantCulture);
        ClockSkew = capturedAt - receivedAt;
        ClockSkewMillisecondsText = ((long)ClockSkew.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
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

    /// <summary>
    /// The camera's capture time minus the bridge's receive time: positive when the device clock runs ahead. Shown to
    /// users, never used for freshness (a device clock a year ahead must not make a frame fresh for a year).
    /// </summary>
    public TimeSpan ClockSkew { get; }

    public string ClockSkewMillisecondsText { get; }

    public string CapturedAtText { get; }

    public string SequenceText { get; }

    /// <summary>The capture time as an HTTP date, formatted once rather than per response.</summary>
    public string LastModifiedText { get; }

    /// <summary>Time since the bridge received the frame (the bridge's own clock), never negative.</summary>
    public TimeSpan AgeAt(DateTimeOffset now)
    {
        var age = now - ReceivedAt;
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
    /// JPEG and the trailer (next boundary and next part's headers) in one buffer, built on first use and shared by
    /// every MJPEG client, so each client costs a single write per frame.
    /// </summary>
    public ReadOnlyMemory<byte> MjpegPart(ReadOnlySpan<byte> trailer)
    {
        if (_mjpegPart is { } built)
        {
            return built;
        }

        var part = new byte[Jpeg.Length + trailer.Length];
        Jpeg.Span.CopyTo(part);
        trailer.CopyTo(part.AsSpan(Jpeg.Length));

        // Two clients racing here build equal buffers; whichever lands first is kept for everyone after.
        return Interlocked.CompareExchange(ref _mjpegPart, part, null) ?? part;
    }

    /// <summary>Status line and the fixed headers of this frame's live.jpeg response (the fast path), built on first use.</summary>
    internal byte[] LiveResponseHead
    {
        get
        {
            if (_liveResponseHead is { } built)
            {
                return built;
            }

            var head = Serving.LiveResponseHead.Build(this);
            return Interlocked.CompareExchange(ref _liveResponseHead, head, null) ?? head;
        }
    }

    /// <summary>Builds the frame; <c>instanceTag</c> differs per bridge process so an ETag from before a restart never matches a new frame.</summary>
    public static Frame Create(string cameraId, long sequence, long ingestNumber, DateTimeOffset capturedAt, DateTimeOffset receivedAt, ReadOnlyMemory<byte> jpeg, int width, int height, string instanceTag)
    {
        ArgumentException.ThrowIfNullOrEmpty(cameraId);
        var tag = new EntityTagHeaderValue(string.Create(CultureInfo.InvariantCulture, $"\"{instanceTag}-{ingestNumber:x}-{sequence:x}\""));
        return new Frame(cameraId, sequence, ingestNumber, capturedAt, receivedAt, jpeg, width, height, tag);
    }

    /// <summary>One immutable pair so readers never see a text from one millisecond with the number of another.</summary>
    private sealed record AgeText(long Milliseconds, string Text);
}
