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
}
