using System.Text.Json;
using MqttCam.Cli.Output;
using MqttCam.Imaging;
using MqttCam.Mqtt;

namespace MqttCam.Cli.Commands;

/// <summary>
/// Runs a command body and turns the failures a user can cause or meet (bad options, no camera, no broker, a full
/// disk, ffmpeg failing) into one "error:" line and an exit code, never a stack trace.
/// </summary>
public static class CommandGuard
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int InvalidInput = 2;

    public static async Task<int> RunAsync(Terminal terminal, Func<Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            await terminal.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return InvalidInput;
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or InvalidDataException or JpegException or MqttException or JsonException or UnauthorizedAccessException or InvalidOperationException)
        {
            await terminal.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return Failed;
        }
    }
}
