using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MqttCam.Bridge.Cameras;
using MqttCam.Bridge.Configuration;
using MqttCam.Bridge.Control;
using MqttCam.Bridge.Demand;
using MqttCam.Bridge.Ingest;
using MqttCam.Bridge.Operations;
using MqttCam.Bridge.Serving;
using MqttCam.Bridge.Streaming;
using MqttCam.Bridge.WebPage;
using MqttCam.Core.Contracts;
using MqttCam.Mqtt;
using MqttCam.Mqtt.Configuration;
using MqttCam.Core.Topics;

namespace MqttCam.Bridge.Hosting;

/// <summary>Service registration and endpoint mapping of the bridge; Program.cs only calls these.</summary>
public static class BridgeHostingExtensions
{
    /// <summary>Environment variables with this prefix override configuration, e.g. <c>MQTTCAM_Mqtt__Host</c>.</summary>
    public const string EnvironmentPrefix = "MQTTCAM_";

    private const long MaxResponseBufferBytes = 256 * 1024;

    public static WebApplicationBuilder AddMqttCamBridge(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // Validated once, before the host is built (ValidateBridgeConfiguration), so no per-type validators here.
        services.AddOptions<MqttOptions>().BindConfiguration(MqttOptions.SectionName);
        services.AddOptions<BridgeOptions>().BindConfiguration(BridgeOptions.SectionName);

        // The bound value itself, for the endpoints' handlers and filters (they take their services at map time).
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<BridgeOptions>>().Value);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<BridgeInstance>();
        services.AddSingleton<SubscriptionStatus>();
        services.AddSingleton<BridgeMetrics>();
        services.AddSingleton<ResizeLimiter>();
        services.AddSingleton<CameraRegistry>();
        services.AddSingleton(sp => new MqttClient(
            BridgeMqttOptions.Create(sp.GetRequiredService<IOptions<MqttOptions>>().Value, sp.GetRequiredService<BridgeInstance>()),
            sp.GetRequiredService<ILogger<MqttClient>>()));
        services.AddSingleton<DeviceCommandClient>();
        services.AddSingleton<CameraMessageHandler>();
        services.AddSingleton<IngestAvailability>();
        services.AddSingleton<FrameRepublisher>();
        services.AddHostedService<BridgeMqttService>();

        // After the MQTT service, so it stops before it: ingest streams ended by the shutdown still publish offline.
        services.AddHostedService(sp => sp.GetRequiredService<IngestAvailability>());
        services.AddSingleton<ViewerLeases>();
        services.AddSingleton<LiveFastPath>();
        services.AddHostedService(sp => sp.GetRequiredService<ViewerLeases>());
        services.AddHostedService<TcpFrameIngestService>();
        services.AddHostedService<StaticMirrorService>();

        // Room for a whole 720p frame per connection: with the 64 KiB default every ~120 KB response stalls halfway
        // on a flush. Slow clients still cannot queue more than this (and MJPEG skips frames above it).
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxResponseBufferSize = MaxResponseBufferBytes;

            // Nothing for a client to act on, and a few bytes less on every one of thousands of responses per second.
            kestrel.AddServerHeader = false;

            // Plain live.jpeg requests are answered before Kestrel's HTTP layer (Serving/LiveFastPath.cs).
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(next =>
            {
                var fastPath = listen.ApplicationServices.GetRequiredService<LiveFastPath>();
                return connection => fastPath.OnConnectionAsync(connection, next);
            }));
        });

        services.Configure<JsonOptions>(json => ContractJson.ConfigureHttp(json.SerializerOptions));
        services.AddProblemDetails();
        return builder;
    }

    /// <summary>
    /// Checks both sections at once, so start-up stops with every bad key listed (per-type ValidateOnStart would stop at
    /// the first type whose options a hosted service happens to touch).
    /// </summary>
    public static void ValidateBridgeConfiguration(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var mqtt = configuration.GetSection(MqttOptions.SectionName).Get<MqttOptions>() ?? new MqttOptions();
        var bridge = configuration.GetSection(BridgeOptions.SectionName).Get<BridgeOptions>() ?? new BridgeOptions();
        var errors = MqttOptionsValidation.Validate(mqtt, TopicPrefix.IsValid).Concat(BridgeOptionsValidation.Validate(bridge)).ToList();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(BridgeOptions.SectionName, typeof(BridgeOptions), errors);
        }
    }

    /// <summary>Routing answers a wrong method with an empty 405; every other error of the bridge is problem JSON, so this is too.</summary>
    private static Task MethodNotAllowedProblemAsync(Microsoft.AspNetCore.Diagnostics.StatusCodeContext status)
    {
        var context = status.HttpContext;
        if (context.Response.StatusCode != StatusCodes.Status405MethodNotAllowed)
        {
            return Task.CompletedTask;
        }

        var allowed = context.Response.Headers.Allow.ToString();
        return TypedResults.Problem(
            statusCode: StatusCodes.Status405MethodNotAllowed,
            title: "Method not allowed",
            detail: $"{context.Request.Method} is not supported on {context.Request.Path}; allowed: {(allowed.Length > 0 ? allowed : "see docs/http-api.md")}.").ExecuteAsync(context);
    }

    public static WebApplication MapMqttCamBridge(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseStatusCodePages(MethodNotAllowedProblemAsync);
        app.UseWebSockets();
        app.MapWebPage();
        app.MapFrameEndpoints();
        app.MapStreamEndpoints();
        app.MapCameraApiEndpoints();
        app.MapControlEndpoints();
        app.MapUploadEndpoints();
        app.MapHealthEndpoints();
        return app;
    }
}
