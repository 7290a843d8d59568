using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.HttpResults;
using MqttCam.Core.Cameras;

namespace MqttCam.Bridge.Cameras;

/// <summary>Resolves the <c>{id}</c> route value: 400 for an invalid id, 404 for a camera never seen.</summary>
internal static class CameraLookup
{
    public const string DefaultCameraId = "";

    public static bool TryResolve(CameraRegistry registry, string id, [NotNullWhen(true)] out CameraHub? camera, [NotNullWhen(false)] out IResult? error)
    {
        camera = null;
        if (id == DefaultCameraId ? registry.TryGetDefault(out camera) : CameraId.IsValid(id) && registry.TryGet(id, out camera))
        {
            error = null;
            return true;
        }

        error = Refusal(registry, id);
        return false;
    }

    /// <summary>The answer to an id in a URL that is not a camera id at all (uploads and the page check it too).</summary>
    public static ProblemHttpResult InvalidId() => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid camera id",
        detail: $"A camera id is {CameraId.AllowedDescription}.");

    /// <summary>
    /// Why <paramref name="id"/> names no camera. Without an id, no camera at all is "not yet" (503, like a camera
    /// without a frame); several without a default is the client's to resolve (404).
    /// </summary>
    private static ProblemHttpResult Refusal(CameraRegistry registry, string id) => id switch
    {
        DefaultCameraId when registry.Count == 0 => TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "No camera yet",
            detail: "No camera has published a frame to this bridge yet.",
            extensions: [new("retry_after_seconds", 1)]),
        DefaultCameraId => TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "No default camera",
            detail: $"{registry.Count} cameras are known; name one (/cameras/{{id}}/...) or set Bridge:DefaultCamera."),
        _ when !CameraId.IsValid(id) => InvalidId(),
        _ => TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Unknown camera",
            detail: $"No camera '{id}' has published anything to this bridge."),
    };
}
