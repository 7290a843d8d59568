using System.Text.Json;
using System.Text.Json.Nodes;
using MqttCam.Core.Contracts;
using MqttCam.Device.Settings;
using MqttCam.Core.Settings;

namespace MqttCam.Device.Commands;

/// <summary>
/// <c>night</c>: a long shutter and high gain (<c>shutter_seconds</c>, <c>gain</c> optional); the frame rate follows
/// (see <see cref="CameraSettings.EffectiveFps"/>).
/// </summary>
public sealed class NightCommand(SettingsService settings) : IDeviceCommand
{
    /// <summary>Night preset: a 2 s shutter, gain 8.</summary>
    private const double DefaultShutterSeconds = 2;
    private const double DefaultGain = 8;

    public string Name => DeviceCommands.Night.Name;

    public Task ExecuteAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seconds = Number(context.Arguments, "shutter_seconds") ?? DefaultShutterSeconds;
        var patch = new JsonObject
        {
            ["shutter"] = (long)Math.Round(seconds * 1_000_000),
            ["gain"] = Number(context.Arguments, "gain") ?? DefaultGain,
            ["exposure"] = "long",
        };
        return settings.ApplyPatchAsync(context.Message, Name, patch, context.Transaction, context.CancellationToken);
    }

    private static double? Number(JsonElement arguments, string name) =>
        arguments.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
