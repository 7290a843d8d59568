using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MqttCam.Capture;
using MqttCam.Device.Configuration;
using MqttCam.Device.Persistence;
using MqttCam.Device.Platform;
using MqttCam.Mqtt;
using MqttCam.Settings;

namespace MqttCam.Device.Hosting;

/// <summary>Builds and runs the device host: configuration, validation, services.</summary>
public static class DeviceProgram
{
    /// <summary>Exit code for invalid configuration (systemd's "invalid argument"; no restart loop on a typo).</summary>
    public const int InvalidConfigurationExitCode = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // appsettings.json < MQTTCAM_* environment variables < --Section:Key=value arguments.
        builder.Configuration.AddEnvironmentVariables("MQTTCAM_");
        builder.Configuration.AddCommandLine(args);

        var configuration = DeviceConfiguration.Load(builder.Configuration, out var errors);
        if (errors.Count > 0)
        {
            await Console.Error.WriteLineAsync("MqttCam.Device: invalid configuration:").ConfigureAwait(false);
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync($"  {error}").ConfigureAwait(false);
            }

            return InvalidConfigurationExitCode;
        }

        AddDevice(builder.Services, configuration);
        using var host = builder.Build();
        await host.RunAsync().ConfigureAwait(false);
        return 0;
    }

    public static void AddDevice(IServiceCollection services, DeviceConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        services.AddSingleton(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new SystemHealth());
        services.AddSingleton(sp => new SettingsStore(configuration.Device.ResolveStateDirectory(), sp.GetRequiredService<ILogger<SettingsStore>>()));
        services.AddSingleton(sp => new MqttClient(
            DeviceMqttOptions.Create(configuration.Mqtt, configuration.Camera.Id),
            sp.GetRequiredService<ILogger<MqttClient>>()));
        services.AddSingleton<Func<CameraSettings, FrameSource>>(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            return settings => FrameSourceFactory.Create(configuration.Capture, settings, loggers, time);
        });
        services.AddHostedService<CameraDevice>();
    }
}
