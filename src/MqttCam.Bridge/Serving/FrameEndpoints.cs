using System.Globalization;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.HttpResults;
using MqttCam.Bridge.Cameras;
using MqttCam.Bridge.Configuration;
using MqttCam.Bridge.Demand;
using MqttCam.Bridge.Operations;
using MqttCam.Bridge.Security;
using MqttCam.Imaging;

namespace MqttCam.Bridge.Serving;

/// <summary>
/// Still images from memory: <c>live.jpeg</c>, <c>snapshot.jpeg</c> and resized variants, with ETag/304 and HEAD.
/// These are plain request delegates rather than minimal-API handlers with a filter: live.jpeg is the most requested
/// URL, and skipping parameter binding, the filter pipeline and IResult keeps its cost down to the write itself.
/// </summary>
public static class FrameEndpoints
{
    private static readonly string[] s_getAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapFrameEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var handlers = EndpointHandlers.Create<Handlers>(endpoints);

        endpoints.MapMethods("/cameras/{id}/live.jpeg", s_getAndHead, handlers.LiveAsync);
        endpoints.MapMethods("/cameras/{id}/live{width:int}x{height:int}.jpeg", s_getAndHead, handlers.LiveAsync);
        endpoints.MapMethods("/cameras/{id}/snapshot.jpeg", s_getAndHead, handlers.SnapshotAsync);

        // The original live-cam's URLs: the only (or configured default) camera.
        endpoints.MapMethods("/live.jpeg", s_getAndHead, handlers.LiveAsync);
        endpoints.MapMethods("/live{width:int}x{height:int}.jpeg", s_getAndHead, handlers.LiveAsync);
        endpoints.MapMethods("/snapshot.jpeg", s_getAndHead, handlers.SnapshotAsync);
        return endpoints;
    }

    private sealed class Handlers(CameraRegistry registry, BridgeMetrics metrics, TimeProvider time, BridgeOptions options, ViewerLeases leases)
    {
        public Task LiveAsync(HttpContext context)
        {
            if (!TryResolve(context, out var camera, out var refusal))
            {
                return refusal.ExecuteAsync(context);
            }

            if (camera.Latest is not { } frame)
            {
                return NoFrameYet(context, camera.Id, "frame").ExecuteAsync(context);
            }

            var request = context.Request;
            var routeValues = request.RouteValues;
            var widthText = routeValues.TryGetValue("width", out var routeWidth) ? routeWidth as string : null;
            var heightText = routeValues.TryGetValue("height", out var routeHeight) ? routeHeight as string : null;
            if (request.QueryString.HasValue)
            {
                widthText ??= request.Query["width"].ToString() is { Length: > 0 } w ? w : null;
                heightText ??= request.Query["height"].ToString() is { Length: > 0 } h ? h : null;
            }

            if (widthText is null && heightText is null)
            {
                metrics.CountResponse(ServedEndpoint.Live, frame.Jpeg.Length);
                return FrameResponse.WriteAsync(context, frame, frame.Jpeg, frame.EntityTagText, time.GetUtcNow());
            }

            return ResizedAsync(context, camera, frame, widthText, heightText);
        }

        public Task SnapshotAsync(HttpContext context)
        {
            if (!TryResolve(context, out var camera, out var refusal))
            {
                return refusal.ExecuteAsync(context);
            }

            if (camera.Snapshot is not { } frame)
            {
                return NoFrameYet(context, camera.Id, $"snapshot (send POST /cameras/{camera.Id}/capture)").ExecuteAsync(context);
            }

            metrics.CountResponse(ServedEndpoint.Snapshot, frame.Jpeg.Length);
            return FrameResponse.WriteAsync(context, frame, frame.Jpeg, frame.EntityTagText, time.GetUtcNow());
        }

        private bool TryResolve(HttpContext context, [NotNullWhen(true)] out CameraHub? camera, [NotNullWhen(false)] out IResult? refusal)
        {
            camera = null;
            refusal = BearerTokenFilter.Refusal(context, options, TokenScope.Viewing);
            if (refusal is not null)
            {
                return false;
            }

            var id = context.Request.RouteValues.TryGetValue("id", out var value) && value is string text ? text : CameraLookup.DefaultCameraId;
            if (!CameraLookup.TryResolve(registry, id, out camera, out refusal))
            {
                return false;
            }

            // Someone looks at this camera (a 503 before its first frame and a 304 count too): keep it live a lease long.
            leases.Touch(camera.Id);
            return true;
        }

        private async Task ResizedAsync(HttpContext context, CameraHub camera, Frame frame, string? widthText, string? heightText)
        {
            if (!TryParseDimension(widthText, options.MaxResizeWidth, "width", out var width, out var problem)
                || !TryParseDimension(heightText, options.MaxResizeHeight, "height", out var height, out problem))
            {
                await problem.ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            // Aspect kept and never upscaled: the request is a bounding box, so no size makes the bridge do more work
            // than decoding the frame once.
            var (targetWidth, targetHeight) = JpegResizer.FitWithin(frame.Width, frame.Height, width, height);
            if (targetWidth == frame.Width && targetHeight == frame.Height)
            {
                metrics.CountResponse(ServedEndpoint.Resized, frame.Jpeg.Length);
                await FrameResponse.WriteAsync(context, frame, frame.Jpeg, frame.EntityTagText, time.GetUtcNow()).ConfigureAwait(false);
                return;
            }

            byte[] resized;
            try
            {
                resized = await camera.ResizedFrames.GetAsync(frame, targetWidth, targetHeight, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is FrameTooLargeToResizeException or JpegException)
            {
                await ResizeFailure(ex).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            metrics.CountResponse(ServedEndpoint.Resized, resized.Length);
            var tag = string.Concat(frame.EntityTagText.AsSpan(0, frame.EntityTagText.Length - 1), string.Create(CultureInfo.InvariantCulture, $"-{targetWidth}x{targetHeight}\""));
            await FrameResponse.WriteAsync(context, frame, resized, tag, time.GetUtcNow()).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Over the decode limit is the bridge's refusal (422); a header that was valid when the frame arrived over entropy
    /// data that is not is the camera's fault (502): either says so instead of a bare 500.
    /// </summary>
    private static ProblemHttpResult ResizeFailure(Exception ex) => ex is FrameTooLargeToResizeException
        ? TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "Frame too large to resize",
            detail: $"{ex.Message}. The original is at live.jpeg.")
        : TypedResults.Problem(
            statusCode: StatusCodes.Status502BadGateway,
            title: "Frame cannot be resized",
            detail: $"The camera's current frame could not be decoded: {ex.Message}. The original is at live.jpeg.");

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
