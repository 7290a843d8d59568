using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using MqttCam.Bridge.Cameras;

namespace MqttCam.Bridge.Serving;

/// <summary>
/// Writes a frame straight onto the response: every header value was formatted when the frame arrived, the body is one
/// <see cref="System.IO.Pipelines.PipeWriter"/> write with Content-Length set (no chunking), and HEAD gets the same
/// headers without the body. This is the hot path of live.jpeg, so it allocates nothing of its own.
/// </summary>
internal static class FrameResponse
{
    private static readonly StringValues s_imageJpeg = new("image/jpeg");
    private static readonly StringValues s_noCache = new("no-cache");

    /// <summary>200 with the image (headers only for HEAD), or 304 when If-None-Match names <paramref name="entityTag"/>.</summary>
    /// <param name="context">The request being answered.</param>
    /// <param name="frame">Source of the precomputed header values.</param>
    /// <param name="jpeg">The frame's own bytes, or a resized variant of them.</param>
    /// <param name="entityTag">The ETag header value (quoted) belonging to <paramref name="jpeg"/>.</param>
    /// <param name="now">For X-Frame-Age-Ms (time since the bridge received the frame).</param>
    public static Task WriteAsync(HttpContext context, Frame frame, ReadOnlyMemory<byte> jpeg, string entityTag, DateTimeOffset now)
    {
        var request = context.Request;
        var response = context.Response;
        var headers = response.Headers;
        headers.CacheControl = s_noCache;
        headers.ETag = entityTag;

        // Last-Modified is informational only: it has one-second resolution, and If-Modified-Since would answer 304 for
        // a newer frame captured within the same second, so only the ETag decides.
        headers.LastModified = frame.LastModifiedText;
        headers["X-Capture-Time"] = frame.CapturedAtText;
        headers["X-Frame-Sequence"] = frame.SequenceText;
        headers["X-Frame-Age-Ms"] = frame.AgeMillisecondsText(now);
        headers["X-Clock-Skew-Ms"] = frame.ClockSkewMillisecondsText;

        if (request.Headers.IfNoneMatch is { Count: > 0 } ifNoneMatch && Matches(ifNoneMatch, entityTag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        headers.ContentType = s_imageJpeg;
        response.ContentLength = jpeg.Length;
        if (HttpMethods.IsHead(request.Method))
        {
            return Task.CompletedTask;
        }

        var write = response.BodyWriter.WriteAsync(jpeg, context.RequestAborted);
        return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
    }

    /// <summary>If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/ is ignored, "*" matches any frame.</summary>
    private static bool Matches(StringValues ifNoneMatch, string entityTag)
    {
        if (!EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
        {
            return false;
        }

        foreach (var tag in tags)
        {
            if (tag.Equals(EntityTagHeaderValue.Any) || tag.Tag.Equals(entityTag, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
