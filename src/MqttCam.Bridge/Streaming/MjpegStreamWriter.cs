using System.IO.Pipelines;
using System.Text;
using MqttCam.Bridge.Cameras;

namespace MqttCam.Bridge.Streaming;

/// <summary>
/// Writes frames as <c>multipart/x-mixed-replace</c>. Chromium renders a part only once it has seen the NEXT part's
/// headers complete, so every JPEG is followed at once by the boundary and the next part's (complete) headers: the
/// frame on screen is always the latest one, also when the stream pauses. Parts therefore carry only
/// <c>Content-Type</c>; readers find the end of a JPEG by the boundary, as browsers, ffmpeg and VLC do.
/// </summary>
public static class MjpegStreamWriter
{
    public const string Boundary = "mqttcam-frame";

    public const string ContentType = "multipart/x-mixed-replace;boundary=" + Boundary;

    private const string PartHeaders = "--" + Boundary + "\r\nContent-Type: image/jpeg\r\n\r\n";

    private static readonly byte[] s_opening = Encoding.ASCII.GetBytes(PartHeaders);
    private static readonly byte[] s_trailer = Encoding.ASCII.GetBytes("\r\n" + PartHeaders);

    /// <summary>The first boundary and the first part's headers, sent before any frame.</summary>
    public static ReadOnlySpan<byte> Opening => s_opening;

    /// <summary>What follows every JPEG: the next boundary and the next part's headers.</summary>
    public static ReadOnlySpan<byte> Trailer => s_trailer;

    /// <summary>Bytes a frame costs on the wire (JPEG, then the next boundary and part headers).</summary>
    public static int WireLength(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.Jpeg.Length + s_trailer.Length;
    }

    /// <summary>
    /// One write and flush of the JPEG and the next part's opening, built once per frame and shared by every client;
    /// false when the client has gone.
    /// </summary>
    public static async ValueTask<bool> WriteFrameAsync(PipeWriter writer, Frame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(frame);
        var result = await writer.WriteAsync(frame.MjpegPart(Trailer), cancellationToken).ConfigureAwait(false);
        return !result.IsCompleted && !result.IsCanceled;
    }
}
