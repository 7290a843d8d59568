using MqttCam.Bridge.Ingest;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using MqttCam.Bridge.Hosting;
using MqttCam.Bridge.Security;
using MqttCam.Core.Settings;

namespace MqttCam.Bridge.Cameras;

/// <summary>JSON about cameras: the list with availability, state and latest frame, and the settings schema.</summary>
public static class CameraApiEndpoints
{
    public static IEndpointRouteBuilder MapCameraApiEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var handlers = EndpointHandlers.Create<Handlers>(endpoints);
        var group = endpoints.MapTokenGroup("/api", TokenScope.Viewing);
        group.MapGet("/cameras", () => handlers.List());
        group.MapGet("/cameras/{id}", (string id) => handlers.Describe(id));
        group.MapGet("/settings", () => JsonResults.Of(DescribeSchema()));
        return endpoints;
    }

    private sealed class Handlers(CameraRegistry registry, IngestAvailability ingest, TimeProvider time)
    {
        public JsonHttpResult<JsonNode> List()
        {
            var now = time.GetUtcNow();
            var list = new JsonArray();
            foreach (var camera in registry.All)
            {
                list.Add((JsonNode)CameraJson.Describe(camera, now, ingest.IsPushed(camera.Id)));
            }

            return JsonResults.Of(list);
        }

        public IResult Describe(string id) => CameraLookup.TryResolve(registry, id, out var camera, out var error)
            ? JsonResults.Of(CameraJson.Describe(camera, time.GetUtcNow(), ingest.IsPushed(camera.Id)))
            : error;
    }

    /// <summary>Every setting with its type and range, so the web page builds its controls from the same schema the device enforces.</summary>
    private static JsonArray DescribeSchema()
    {
        var list = new JsonArray();
        foreach (var name in CameraSettingsSchema.Names)
        {
            if (CameraSettingsSchema.Find(name) is not { } setting)
            {
                continue;
            }

            var options = new JsonArray();
            foreach (var option in setting.Options)
            {
                options.Add((JsonNode?)option);
            }

            list.Add((JsonNode)new JsonObject
            {
                ["name"] = setting.Name,
                ["label"] = setting.Label,
                ["group"] = setting.Group,
                ["kind"] = setting.Kind.ToString(),
                ["description"] = setting.Description,
                ["allowed"] = setting.Allowed,
                ["minimum"] = setting.Minimum,
                ["maximum"] = setting.Maximum,
                ["step"] = setting.Step,
                ["unit"] = setting.Unit,
                ["options"] = options,
            });
        }

        return list;
    }
}
