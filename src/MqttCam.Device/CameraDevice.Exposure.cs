using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MqttCam.Contracts;
using MqttCam.Mqtt;
using MqttCam.Settings;

namespace MqttCam.Device;

public sealed partial class CameraDevice
{
    /// <summary>Night preset: a 2 s shutter (the frame rate follows, see <see cref="CameraSettings.EffectiveFps"/>), gain 8.</summary>
    private const long NightShutterMicroseconds = 2_000_000;
    private const double NightGain = 8;

    private bool _exposureLocked;

    /// <summary>What the sensor really used where the source reports it; otherwise the fixed values asked for.</summary>
    private ExposureState? ExposureStatus
    {
        get
        {
            var settings = Settings;
            if (_source?.LatestExposure is { } reading)
            {
                return new ExposureState
                {
                    ShutterMicroseconds = reading.ShutterMicroseconds,
                    AnalogueGain = reading.AnalogueGain,
                    RedGain = reading.RedGain,
                    BlueGain = reading.BlueGain,
                    Locked = _exposureLocked,
                };
            }

            return settings.ShutterMicroseconds > 0 || settings.Gain > 0 || !settings.AwbGains.IsAutomatic || _exposureLocked
                ? new ExposureState
                {
                    ShutterMicroseconds = settings.ShutterMicroseconds > 0 ? settings.ShutterMicroseconds : null,
                    AnalogueGain = settings.Gain > 0 ? settings.Gain : null,
                    RedGain = settings.AwbGains.IsAutomatic ? null : settings.AwbGains.Red,
                    BlueGain = settings.AwbGains.IsAutomatic ? null : settings.AwbGains.Blue,
                    Locked = _exposureLocked,
                }
                : null;
        }
    }

    /// <summary>
    /// <c>lock</c> fixes the exposure and white balance the sensor reports now (consistent images for timelapse);
    /// <c>unlock</c> returns to automatic; <c>night</c> sets a long shutter and high gain (<c>shutter_seconds</c>,
    /// <c>gain</c> optional). All go through the normal settings path, so they persist and show in the state.
    /// </summary>
    private Task HandleExposureAsync(MqttMessage message, CommandRequest request, CancellationToken cancellationToken)
    {
        var patch = new JsonObject();
        switch (request.Action)
        {
            case DeviceCommands.Lock:
                if (_source?.LatestExposure is not { } reading)
                {
                    return Refuse(message, request.Action, $"the {_source?.Kind ?? "camera"} source reports no exposure metadata to lock (rpicam does); set shutter, gain and awb_gains instead", request.Transaction);
                }

                patch["shutter"] = reading.ShutterMicroseconds;
                patch["gain"] = Math.Round(reading.AnalogueGain, 3);
                patch["awb_gains"] = string.Create(CultureInfo.InvariantCulture, $"{reading.RedGain:0.###},{reading.BlueGain:0.###}");
                _exposureLocked = true;
                break;
            case DeviceCommands.Unlock:
                patch["shutter"] = 0;
                patch["gain"] = 0;
                patch["awb_gains"] = ColourGains.Automatic.ToString();
                _exposureLocked = false;
                break;
            default:
                var seconds = request.Arguments.TryGetProperty("shutter_seconds", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : NightShutterMicroseconds / 1e6;
                var gain = request.Arguments.TryGetProperty("gain", out var g) && g.ValueKind == JsonValueKind.Number ? g.GetDouble() : NightGain;
                patch["shutter"] = (long)Math.Round(seconds * 1_000_000);
                patch["gain"] = gain;
                patch["exposure"] = "long";
                break;
        }

        using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(patch, ContractJson.NodeTypeInfo));
        var result = CameraSettingsSchema.ApplyPatch(Settings, document.RootElement);
        return ApplySettingsAsync(message, result, request.Transaction, cancellationToken, request.Action);
    }
}
