using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using MqttCam.Device.Configuration;

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

        builder.Services.AddDevice(configuration);
        using var host = builder.Build();
        await host.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
