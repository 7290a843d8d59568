using System.Text.Json.Nodes;
using MqttCam.Core.Contracts;
using MqttCam.Device.Exposure;
using MqttCam.Device.Settings;
using MqttCam.Core.Settings;

namespace MqttCam.Device.Commands;

/// <summary><c>unlock</c>: automatic exposure and white balance again.</summary>
public sealed class UnlockCommand(ExposureControl exposure, SettingsService settings) : IDeviceCommand
{
    public string Name => DeviceCommands.Unlock.Name;

    public Task ExecuteAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        exposure.Locked = false;
        var patch = new JsonObject
        {
            ["shutter"] = 0,
            ["gain"] = 0,
            ["awb_gains"] = ColourGains.Automatic.ToString(),
        };
        return settings.ApplyPatchAsync(context.Message, Name, patch, context.Transaction, context.CancellationToken);
    }
}
