using MqttCam.Bridge.Cameras;
using MqttCam.Bridge.Configuration;
using MqttCam.Bridge.Hosting;
using MqttCam.Bridge.Security;
using MqttCam.Core.Cameras;

namespace MqttCam.Bridge.Ingest;

/// <summary>
/// The original live-cam upload, kept working: <c>POST /?password=</c> (camera <c>Bridge:UploadCamera</c>) and
/// <c>POST /cameras/{id}/frames</c> with a raw JPEG body, republished retained on the camera's image topic.
/// </summary>
public static class UploadEndpoints
{
    public static IEndpointRouteBuilder MapUploadEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var handlers = EndpointHandlers.Create<Handlers>(endpoints);
        // The return type keeps it a route handler whose result is written (a bare HttpContext lambda is a RequestDelegate).
        endpoints.MapPost("/", Task<IResult> (HttpContext context) => handlers.UploadAsync(context, handlers.DefaultCamera));
        endpoints.MapPost("/cameras/{id}/frames", (HttpContext context, string id) => handlers.UploadAsync(context, id));
        return endpoints;
    }

    private sealed class Handlers(BridgeOptions options, FrameRepublisher republisher)
    {
        /// <summary>Where <c>POST /</c> goes: <c>Bridge:UploadCamera</c>.</summary>
        public string DefaultCamera => options.UploadCamera;

        public async Task<IResult> UploadAsync(HttpContext context, string cameraId)
        {
            if (options.UploadPassword is not { } password)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Uploads are disabled",
                    detail: "Set Bridge:UploadPassword to accept uploaded frames.");
            }

            var presented = context.Request.Query["password"].ToString() is { Length: > 0 } query ? query : TokenCheck.Presented(context.Request);
            if (string.IsNullOrEmpty(presented))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Password missing", detail: "Send ?password=<Bridge:UploadPassword>.");
            }

            if (!TokenCheck.Matches(presented, password))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Wrong password", detail: "The upload password does not match; nothing was stored.");
            }

            if (!CameraId.IsValid(cameraId))
            {
                return CameraLookup.InvalidId();
            }

            // A browser form or requests.post(files=...) wraps the JPEG in multipart; say what to send instead of "not a JPEG".
            if (context.Request.HasFormContentType)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status415UnsupportedMediaType,
                    title: "Send the raw JPEG",
                    detail: "The body must be the JPEG itself (Content-Type: image/jpeg), not a form or multipart upload: "
                        + "curl --data-binary @frame.jpg -H 'Content-Type: image/jpeg' URL, or requests.post(url, data=jpeg_bytes).");
            }

            var body = await BoundedBody.ReadAsync(context.Request, options.MaxImageBytes, context.RequestAborted).ConfigureAwait(false);
            if (body is null)
            {
                return BoundedBody.TooLarge(options.MaxImageBytes, "Bridge:MaxImageBytes");
            }

            var result = await republisher.PublishAsync(cameraId, body, context.RequestAborted).ConfigureAwait(false);
            var summary = new UploadSummary(cameraId, result.Sequence, body.Length, result.Status == RepublishStatus.Served);
            return result.Status switch
            {
                RepublishStatus.Served => TypedResults.Ok(summary),
                RepublishStatus.Published => TypedResults.Accepted($"/cameras/{cameraId}/live.jpeg", summary),
                RepublishStatus.Rejected => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a valid JPEG", detail: result.Error),
                _ => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not published", detail: result.Error),
            };
        }
    }
}
