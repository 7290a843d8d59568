using System.Net.Sockets;
using Microsoft.Extensions.Options;
using MqttCam.Bridge.Ingest;

namespace MqttCam.Bridge.Hosting;

/// <summary>
/// The bridge's process entry: a configuration the bridge cannot run with ends it with one line per problem and
/// exit code 2, never a stack trace, so a service manager can tell "fix the config" from "crashed"
/// (systemd: RestartPreventExitStatus=2).
/// </summary>
public static class BridgeProgram
{
    /// <summary>Same code as the device: invalid configuration or a listener that cannot be opened.</summary>
    public const int InvalidConfigurationExitCode = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter? errors = null)
    {
        errors ??= Console.Error;
        WebApplication app;
        try
        {
            app = BridgeApp.Build(args);
        }
        catch (OptionsValidationException ex)
        {
            await ReportAsync(errors, ex.Failures).ConfigureAwait(false);
            return InvalidConfigurationExitCode;
        }

        await using (app.ConfigureAwait(false))
        {
            // Opened before the host starts, so "port in use" is a configuration problem, not a hosting crash.
            if (app.Services.GetServices<IHostedService>().OfType<TcpFrameIngestService>().FirstOrDefault() is { } ingest)
            {
                try
                {
                    ingest.Bind();
                }
                catch (SocketException ex)
                {
                    await ReportAsync(errors, [ingest.BindFailure(ex)]).ConfigureAwait(false);
                    return InvalidConfigurationExitCode;
                }
            }

            try
            {
                await app.RunAsync().ConfigureAwait(false);
            }
            catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await ReportAsync(errors, [$"--urls: {ex.Message}"]).ConfigureAwait(false);
                return InvalidConfigurationExitCode;
            }
        }

        return 0;
    }

    private static async Task ReportAsync(TextWriter errors, IEnumerable<string> problems)
    {
        await errors.WriteLineAsync("MqttCam.Bridge: invalid configuration:").ConfigureAwait(false);
        foreach (var problem in problems)
        {
            await errors.WriteLineAsync($"  {problem}").ConfigureAwait(false);
        }
    }
}
