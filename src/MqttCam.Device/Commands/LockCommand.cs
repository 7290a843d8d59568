using System.Globalization;
using System.Text.Json.Nodes;
using MqttCam.Core.Contracts;
using MqttCam.Device.Exposure;
using MqttCam.Device.Feed;
using MqttCam.Device.Settings;

namespace MqttCam.Device.Commands;

/// <summary>
/// <c>lock</c>: fix the exposure and white balance the sensor reports now (consistent images for timelapse), through
/// the normal settings path, so it persists and shows in the state.
/// </summary>
public sealed class LockCommand(LiveFeed feed, ExposureControl exposure, SettingsService settings) : IDeviceCommand
{
    public string Name => DeviceCommands.Lock.Name;

    public Task ExecuteAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (feed.Source?.LatestExposure is not { } reading)
        {
            return context.Refuse($"the {feed.SourceKind} source reports no exposure metadata to lock (rpicam does); set shutter, gain and awb_gains instead");
        }

        exposure.Locked = true;
        var patch = new JsonObject
        {
            ["shutter"] = reading.ShutterMicroseconds,
            ["gain"] = Math.Round(reading.AnalogueGain, 3),
            ["awb_gains"] = string.Create(CultureInfo.InvariantCulture, $"{reading.RedGain:0.###},{reading.BlueGain:0.###}"),
        };
        return settings.ApplyPatchAsync(context.Message, Name, patch, context.Transaction, context.CancellationToken);
    }
}
