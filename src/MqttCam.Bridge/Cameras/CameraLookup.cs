using System.Diagnostics.CodeAnalysis;
using MqttCam.Cameras;

namespace MqttCam.Bridge.Cameras;

/// <summary>Resolves the <c>{id}</c> route value: 400 for an invalid id, 404 for a camera never seen.</summary>
internal static class CameraLookup
{
    public const string DefaultCameraId = "";

    public static bool TryResolve(CameraRegistry registry, string id, [NotNullWhen(true)] out CameraHub? camera, [NotNullWhen(false)] out IResult? error)
    {
        camera = null;
        error = null;
        if (id == DefaultCameraId)
        {
            if (registry.TryGetDefault(out camera))
            {
                return true;
            }

            // No camera at all is "not yet" (503, like a camera without a frame); several without a default is the
            // client's to resolve (404).
            if (registry.Count == 0)
            {
                error = TypedResults.Problem(
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "No camera yet",
                    detail: "No camera has published a frame to this bridge yet.",
                    extensions: [new("retry_after_seconds", 1)]);
                return false;
            }

            error = TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No default camera",
                detail: $"{registry.Count} cameras are known; name one (/cameras/{{id}}/...) or set Bridge:DefaultCamera.");
            return false;
        }

        if (!CameraId.IsValid(id))
        {
            error = TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid camera id",
                detail: $"A camera id is {CameraId.AllowedDescription}.");
            return false;
        }

        if (registry.TryGet(id, out camera))
        {
            return true;
        }

        error = TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Unknown camera",
            detail: $"No camera '{id}' has published anything to this bridge.");
        return false;
    }
}
