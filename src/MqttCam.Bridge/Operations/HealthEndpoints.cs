using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using MqttCam.Bridge.Cameras;
using MqttCam.Bridge.Configuration;
using MqttCam.Bridge.Hosting;
using MqttCam.Mqtt;
using MqttCam.Core.Topics;

namespace MqttCam.Bridge.Operations;

/// <summary><c>/healthz</c> (MQTT connected and frames fresh: 200/503) and <c>/metrics</c> (Prometheus text).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var handlers = EndpointHandlers.Create<Handlers>(endpoints);
        endpoints.MapGet("/healthz", () => handlers.Health());
        endpoints.MapGet("/metrics", () => handlers.Metrics());
        return endpoints;
    }

    private sealed class Handlers(CameraRegistry registry, MqttClient client, TimeProvider time, BridgeOptions options, BridgeMetrics metrics)
    {
        public JsonHttpResult<JsonNode> Health()
        {
            var now = time.GetUtcNow();
            var staleAfter = TimeSpan.FromSeconds(options.StaleAfterSeconds);
            var healthy = client.IsConnected;
            var cameras = new JsonArray();
            foreach (var camera in registry.All)
            {
                var age = camera.Latest?.AgeAt(now);

                // A camera that said it is offline is reported but does not fail the bridge: that is the device's problem.
                // Nor does an id that never sent a frame and is not online (a stray availability or state message): it
                // is not a camera yet, and it ages out (Bridge:CameraIdleSeconds).
                var fresh = age is { } a && a <= staleAfter;
                var isCamera = camera.Latest is not null || camera.Availability == AvailabilityPayload.Online;
                if (!fresh && isCamera && camera.Availability != AvailabilityPayload.Offline)
                {
                    healthy = false;
                }

                cameras.Add((JsonNode)new JsonObject
                {
                    ["id"] = camera.Id,
                    ["availability"] = camera.Availability,
                    ["age_ms"] = age is { } ms ? (long)ms.TotalMilliseconds : null,
                    ["fresh"] = fresh,
                    ["clock_skew_ms"] = camera.Latest is { } latest ? (long)latest.ClockSkew.TotalMilliseconds : null,
                });
            }

            var body = new JsonObject
            {
                ["status"] = healthy ? "ok" : "unhealthy",
                ["mqtt_connected"] = client.IsConnected,
                ["stale_after_seconds"] = options.StaleAfterSeconds,
                ["cameras"] = cameras,
            };
            return JsonResults.Of(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }

        public ContentHttpResult Metrics() => TypedResults.Text(PrometheusWriter.Render(metrics, registry, client), PrometheusWriter.ContentType);
    }
}
