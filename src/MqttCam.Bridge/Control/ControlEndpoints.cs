using System.Text.Json;
using System.Text.Json.Nodes;
using MqttCam.Bridge.Cameras;
using MqttCam.Bridge.Hosting;
using MqttCam.Bridge.Security;
using MqttCam.Core.Contracts;
using MqttCam.Core.Topics;

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

    /// <summary>The action a settings change is logged and reported under ("did not answer 'set'"); it goes to the set topic.</summary>
    private const string SettingsAction = "set";

    public static IEndpointRouteBuilder MapControlEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var handlers = EndpointHandlers.Create<Handlers>(endpoints);
        var group = endpoints.MapTokenGroup("/cameras/{id}", TokenScope.Control);
        group.MapPost("/capture", (HttpContext context, string id) => handlers.CommandAsync(context, id, DeviceCommands.Capture.Name));
        group.MapPost("/settings", (HttpContext context, string id) => handlers.SendAsync(context, id, SettingsAction, settings: true));
        group.MapPost("/commands/{action}", (HttpContext context, string id, string action) => handlers.CommandAsync(context, id, action));
        group.MapPost("/timelapse/start", (HttpContext context, string id) => handlers.CommandAsync(context, id, DeviceCommands.TimelapseStart.Name));
        group.MapPost("/timelapse/stop", (HttpContext context, string id) => handlers.CommandAsync(context, id, DeviceCommands.TimelapseStop.Name));
        group.MapGet("/timelapse", (HttpContext context, string id) => handlers.CommandAsync(context, id, DeviceCommands.TimelapseStatus.Name));
        return endpoints;
    }

    private sealed class Handlers(CameraRegistry registry, BridgeInstance instance, DeviceCommandClient commands)
    {
        /// <summary>
        /// Forwards <paramref name="action"/> with the JSON body as its arguments. Any action of a safe shape is passed on
        /// (a newer device may know more than this bridge); the device itself refuses unknown ones, which becomes a 422.
        /// </summary>
        public Task<IResult> CommandAsync(HttpContext context, string id, string action) => DeviceActions.IsWellFormed(action)
            ? SendAsync(context, id, action, settings: false)
            : Task.FromResult<IResult>(TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid action",
                detail: $"An action is {DeviceActions.AllowedDescription}; the device knows: {string.Join(", ", DeviceActions.Known)}."));

        /// <summary>
        /// A command goes to the command topic with its arguments and a transaction; settings go to the set topic as the
        /// settings object itself, and their reply is matched by MQTT 5 correlation data only.
        /// </summary>
        public async Task<IResult> SendAsync(HttpContext context, string id, string action, bool settings)
        {
            if (!CameraLookup.TryResolve(registry, id, out var camera, out var error))
            {
                return error;
            }

            var (body, problem) = await ReadJsonObjectAsync(context, required: settings).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            var correlationId = DeviceCommandClient.NewCorrelationId();
            var topics = new CameraTopics(instance.Prefix, camera.Id);
            var payload = JsonSerializer.SerializeToUtf8Bytes<JsonNode>(settings ? body! : Command(action, correlationId, body), ContractJson.NodeTypeInfo);
            var outcome = await commands.SendAsync(camera.Id, action, settings ? topics.Set : topics.Command, payload, correlationId, context.RequestAborted).ConfigureAwait(false);
            return Answer(outcome, camera.Id, action);
        }
    }

    private static JsonObject Command(string action, string correlationId, JsonObject? arguments)
    {
        var command = new JsonObject { ["action"] = action, ["transaction"] = correlationId };
        foreach (var (name, value) in arguments ?? [])
        {
            if (name is not ("action" or "transaction"))
            {
                command[name] = value?.DeepClone();
            }
        }

        return command;
    }

    private static IResult Answer(DeviceCommandOutcome outcome, string cameraId, string action) => outcome.Status switch
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
