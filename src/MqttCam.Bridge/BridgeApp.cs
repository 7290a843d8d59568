using MqttCam.Bridge.Hosting;

namespace MqttCam.Bridge;

/// <summary>Builds the bridge application; used by Program.cs and by tests that run it in-process on a real Kestrel.</summary>
public static class BridgeApp
{
    /// <summary>Throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> listing every bad configuration key.</summary>
    /// <param name="args">Command line, e.g. <c>--urls http://127.0.0.1:0 --Mqtt:Port 1884</c>.</param>
    /// <param name="configure">Extra configuration applied last (tests pass in-memory overrides here).</param>
    /// <param name="services">Service replacements applied last (tests swap in a manual <see cref="TimeProvider"/>).</param>
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables(BridgeHostingExtensions.EnvironmentPrefix);
        builder.Configuration.AddCommandLine(args);
        configure?.Invoke(builder.Configuration);
        builder.Configuration.ValidateBridgeConfiguration();
        builder.AddMqttCamBridge();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapMqttCamBridge();
        return app;
    }
}
