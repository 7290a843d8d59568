using System.IO.Pipelines;
using System.Text;
using MqttCam.Bridge.Frames;

namespace MqttCam.Bridge.Streaming;

/// <summary>
/// Writes frames as <c>multipart/x-mixed-replace</c>. Each part is followed at once by the NEXT boundary line:
/// browsers render a part only when the following boundary arrives (Chromium bug 527446), so ending every part with
/// the next boundary removes the one-frame-late effect.
/// </summary>
public static class MjpegStreamWriter
{
    public const string Boundary = "mqttcam-frame";

    public const string ContentType = "multipart/x-mixed-replace;boundary=" + Boundary;

    private static readonly byte[] s_opening = Encoding.ASCII.GetBytes("--" + Boundary + "\r\n");
    private static readonly byte[] s_trailer = Encoding.ASCII.GetBytes("\r\n--" + Boundary + "\r\n");

    public static ReadOnlySpan<byte> Opening => s_opening;

    /// <summary>Bytes a frame costs on the wire (part header, JPEG, trailing boundary).</summary>
    public static int WireLength(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.PartHeader.Length + frame.Jpeg.Length + s_trailer.Length;
    }

    /// <summary>
    /// One write and flush of the whole part (header, JPEG, next boundary), built once per frame and shared by every
    /// client; false when the client has gone.
    /// </summary>
    public static async ValueTask<bool> WriteFrameAsync(PipeWriter writer, Frame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(frame);
        var result = await writer.WriteAsync(frame.MjpegPart(s_trailer), cancellationToken).ConfigureAwait(false);
        return !result.IsCompleted && !result.IsCanceled;
    }
}
