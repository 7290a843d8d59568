using System.Text.Json;
using System.Text.Json.Nodes;
using MqttCam.Bridge.Cameras;
using MqttCam.Bridge.Hosting;
using MqttCam.Bridge.Security;
using MqttCam.Contracts;
using MqttCam.Topics;

namespace MqttCam.Bridge.Control;

/// <summary>
/// Device control over HTTP: <c>POST /cameras/{id}/capture</c>, <c>/settings</c>, <c>/commands/{action}</c> and the
/// timelapse shortcuts. Each publishes the device command, awaits its reply (MQTT 5 correlation) and returns it: 200
/// with the device's data, 422 with its error, 504 when it does not answer.
/// </summary>
public static class ControlEndpoints
{
    /// <summary>Commands are small JSON objects; the device refuses anything over this as well.</summary>
    public const int MaxBodyBytes = CommandRequest.MaxPayloadBytes;

    public static IEndpointRouteBuilder MapControlEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/cameras/{id}").AddEndpointFilter(new BearerTokenFilter(TokenScope.Control));
        group.MapPost("/capture", (HttpContext context, string id) => CommandAsync(context, id, DeviceCommands.Capture));
        group.MapPost("/settings", (HttpContext context, string id) => SettingsAsync(context, id));
        group.MapPost("/commands/{action}", (HttpContext context, string id, string action) => CommandAsync(context, id, action));
        group.MapPost("/timelapse/start", (HttpContext context, string id) => CommandAsync(context, id, DeviceCommands.TimelapseStart));
        group.MapPost("/timelapse/stop", (HttpContext context, string id) => CommandAsync(context, id, DeviceCommands.TimelapseStop));
        group.MapGet("/timelapse", (HttpContext context, string id) => CommandAsync(context, id, DeviceCommands.TimelapseStatus));
        return endpoints;
    }

    /// <summary>
    /// Forwards <paramref name="action"/> with the JSON body as its arguments. Any action of a safe shape is passed on
    /// (a newer device may know more than this bridge); the device itself refuses unknown ones, which becomes a 422.
    /// </summary>
    private static async Task<IResult> CommandAsync(HttpContext context, string id, string action)
    {
        if (!DeviceActions.IsWellFormed(action))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid action",
                detail: $"An action is {DeviceActions.AllowedDescription}; the device knows: {string.Join(", ", DeviceActions.Known)}.");
        }

        var services = context.RequestServices;
        if (!CameraLookup.TryResolve(services.GetRequiredService<CameraRegistry>(), id, out var camera, out var error))
        {
            return error;
        }

        var (body, problem) = await ReadJsonObjectAsync(context, required: false).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var correlationId = DeviceCommandClient.NewCorrelationId();
        var command = new JsonObject { ["action"] = action, ["transaction"] = correlationId };
        foreach (var (name, value) in body ?? [])
        {
            if (name is not ("action" or "transaction"))
            {
                command[name] = value?.DeepClone();
            }
        }

        var topics = new CameraTopics(services.GetRequiredService<BridgeInstance>().Prefix, camera.Id);
        var payload = JsonSerializer.SerializeToUtf8Bytes<JsonNode>(command, ContractJson.NodeTypeInfo);
        return await SendAsync(context, camera.Id, action, topics.Command, payload, correlationId).ConfigureAwait(false);
    }

    private static async Task<IResult> SettingsAsync(HttpContext context, string id)
    {
        var services = context.RequestServices;
        if (!CameraLookup.TryResolve(services.GetRequiredService<CameraRegistry>(), id, out var camera, out var error))
        {
            return error;
        }

        var (body, problem) = await ReadJsonObjectAsync(context, required: true).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        // The set topic takes the settings object itself; the reply is matched by MQTT 5 correlation data only.
        var topics = new CameraTopics(services.GetRequiredService<BridgeInstance>().Prefix, camera.Id);
        var payload = JsonSerializer.SerializeToUtf8Bytes<JsonNode>(body!, ContractJson.NodeTypeInfo);
        return await SendAsync(context, camera.Id, "set", topics.Set, payload, DeviceCommandClient.NewCorrelationId()).ConfigureAwait(false);
    }

    private static async Task<IResult> SendAsync(HttpContext context, string cameraId, string action, string topic, byte[] payload, string correlationId)
    {
        var commands = context.RequestServices.GetRequiredService<DeviceCommandClient>();
        var outcome = await commands.SendAsync(cameraId, action, topic, payload, correlationId, context.RequestAborted).ConfigureAwait(false);
        return outcome.Status switch
        {
            DeviceCommandStatus.NotConnected => TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "MQTT broker not connected",
                detail: "The bridge is not connected to the MQTT broker; try again shortly."),
            DeviceCommandStatus.TimedOut => TypedResults.Problem(
                statusCode: StatusCodes.Status504GatewayTimeout,
                title: "Camera did not answer",
                detail: $"Camera '{cameraId}' did not answer '{action}' in time (Bridge:CommandTimeoutSeconds)."),
            _ when outcome.Response is { IsOk: true } ok => JsonResults.Of(new JsonObject
            {
                ["status"] = ok.Status,
                ["action"] = ok.Action,
                ["data"] = ok.Data?.DeepClone(),
            }),
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The camera refused the command",
                detail: outcome.Response?.Error ?? "The camera answered with an error and no message.",
                extensions: new Dictionary<string, object?> { ["action"] = outcome.Response?.Action ?? action }),
        };
    }

    private static async Task<(JsonObject? Body, IResult? Problem)> ReadJsonObjectAsync(HttpContext context, bool required)
    {
        var bytes = await BoundedBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (bytes is null)
        {
            return (null, BoundedBody.TooLarge(MaxBodyBytes, "command size limit"));
        }

        if (bytes.Length == 0 && !required)
        {
            return (null, null);
        }

        try
        {
            if (JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) is JsonObject body)
            {
                return (body, null);
            }
        }
        catch (JsonException)
        {
            // Reported below with the same message as a non-object.
        }

        return (null, TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "Invalid JSON body",
            detail: required
                ? "The body must be a JSON object of settings, e.g. {\"quality\": 70}."
                : "The body must be empty or a JSON object of the action's arguments, e.g. {\"width\": 1920, \"quality\": 90} for capture."));
    }
}
