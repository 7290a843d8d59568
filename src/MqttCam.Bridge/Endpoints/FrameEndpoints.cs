using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using MqttCam.Bridge.Cameras;
using MqttCam.Bridge.Configuration;
using MqttCam.Bridge.Frames;
using MqttCam.Bridge.Metrics;
using MqttCam.Bridge.Security;
using MqttCam.Imaging;

namespace MqttCam.Bridge.Endpoints;

/// <summary>Still images from memory: <c>live.jpeg</c>, <c>snapshot.jpeg</c> and resized variants, with ETag/304.</summary>
public static class FrameEndpoints
{
    public static IEndpointRouteBuilder MapFrameEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(string.Empty).AddEndpointFilter(new BearerTokenFilter(TokenScope.Viewing));

        group.MapGet("/cameras/{id}/live.jpeg", (HttpContext context, string id, string? width, string? height) =>
            LiveAsync(context, id, width, height));
        group.MapGet("/cameras/{id}/live{width:int}x{height:int}.jpeg", (HttpContext context, string id, int width, int height) =>
            LiveAsync(context, id, width.ToString(CultureInfo.InvariantCulture), height.ToString(CultureInfo.InvariantCulture)));
        group.MapGet("/cameras/{id}/snapshot.jpeg", (HttpContext context, string id) => Snapshot(context, id));

        // The original live-cam's URLs: the only (or configured default) camera.
        group.MapGet("/live.jpeg", (HttpContext context, string? width, string? height) =>
            LiveAsync(context, CameraLookup.DefaultCameraId, width, height));
        group.MapGet("/live{width:int}x{height:int}.jpeg", (HttpContext context, int width, int height) =>
            LiveAsync(context, CameraLookup.DefaultCameraId, width.ToString(CultureInfo.InvariantCulture), height.ToString(CultureInfo.InvariantCulture)));
        group.MapGet("/snapshot.jpeg", (HttpContext context) => Snapshot(context, CameraLookup.DefaultCameraId));
        return endpoints;
    }

    private static async Task<IResult> LiveAsync(HttpContext context, string id, string? widthText, string? heightText)
    {
        var services = context.RequestServices;
        if (!CameraLookup.TryResolve(services.GetRequiredService<CameraRegistry>(), id, out var camera, out var error))
        {
            return error;
        }

        if (camera.Latest is not { } frame)
        {
            return NoFrameYet(context, camera.Id, "frame");
        }

        var metrics = services.GetRequiredService<BridgeMetrics>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (widthText is null && heightText is null)
        {
            metrics.CountResponse(ServedEndpoint.Live, frame.Jpeg.Length);
            return FrameResult(context, frame, frame.Jpeg, frame.EntityTag, now);
        }

        var options = services.GetRequiredService<IOptions<BridgeOptions>>().Value;
        if (!TryParseDimension(widthText, options.MaxResizeWidth, "width", out var width, out var problem)
            || !TryParseDimension(heightText, options.MaxResizeHeight, "height", out var height, out problem))
        {
            return problem;
        }

        // Aspect kept and never upscaled: the request is a bounding box, so no size makes the bridge do more work than
        // decoding the frame once.
        var (targetWidth, targetHeight) = JpegResizer.FitWithin(frame.Width, frame.Height, width, height);
        if (targetWidth == frame.Width && targetHeight == frame.Height)
        {
            metrics.CountResponse(ServedEndpoint.Resized, frame.Jpeg.Length);
            return FrameResult(context, frame, frame.Jpeg, frame.EntityTag, now);
        }

        byte[] resized;
        try
        {
            resized = await camera.ResizedFrames.GetAsync(frame, targetWidth, targetHeight, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JpegException ex)
        {
            // The header was valid when the frame arrived but the entropy data is not: say so instead of a bare 500.
            return TypedResults.Problem(
                statusCode: StatusCodes.Status502BadGateway,
                title: "Frame cannot be resized",
                detail: $"The camera's current frame could not be decoded: {ex.Message}. The original is at live.jpeg.");
        }

        metrics.CountResponse(ServedEndpoint.Resized, resized.Length);
        var tag = new EntityTagHeaderValue(string.Concat(frame.EntityTag.Tag.AsSpan(0, frame.EntityTag.Tag.Length - 1), string.Create(CultureInfo.InvariantCulture, $"-{targetWidth}x{targetHeight}\"")));
        return FrameResult(context, frame, resized, tag, now);
    }

    private static IResult Snapshot(HttpContext context, string id)
    {
        var services = context.RequestServices;
        if (!CameraLookup.TryResolve(services.GetRequiredService<CameraRegistry>(), id, out var camera, out var error))
        {
            return error;
        }

        if (camera.Snapshot is not { } frame)
        {
            return NoFrameYet(context, camera.Id, "snapshot (send POST /cameras/{id}/capture)");
        }

        services.GetRequiredService<BridgeMetrics>().CountResponse(ServedEndpoint.Snapshot, frame.Jpeg.Length);
        return FrameResult(context, frame, frame.Jpeg, frame.EntityTag, services.GetRequiredService<TimeProvider>().GetUtcNow());
    }

    private static FileContentHttpResult FrameResult(HttpContext context, Frame frame, ReadOnlyMemory<byte> jpeg, EntityTagHeaderValue tag, DateTimeOffset now)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.LastModified = frame.LastModifiedText;
        headers["X-Capture-Time"] = frame.CapturedAtText;
        headers["X-Frame-Sequence"] = frame.SequenceText;
        headers["X-Frame-Age-Ms"] = ((long)frame.AgeAt(now).TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

        // Last-Modified is written by hand rather than passed to the result: it has one-second resolution, and
        // If-Modified-Since would answer 304 for a newer frame captured within the same second. Only the ETag decides.
        return TypedResults.Bytes(jpeg, "image/jpeg", entityTag: tag);
    }

    private static ProblemHttpResult NoFrameYet(HttpContext context, string cameraId, string what)
    {
        context.Response.Headers.RetryAfter = "1";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "No frame yet",
            detail: $"Camera '{cameraId}' has not published a {what} yet.");
    }

    private static bool TryParseDimension(string? text, int max, string name, out int value, out IResult problem)
    {
        problem = null!;
        value = 0;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= max)
        {
            return true;
        }

        problem = TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "Invalid size",
            detail: $"{name} must be a whole number from 1 to {max} (got '{(text.Length > 20 ? text[..20] : text)}').");
        return false;
    }
}
