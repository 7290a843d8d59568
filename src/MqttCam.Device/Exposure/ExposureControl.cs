using MqttCam.Contracts;
using MqttCam.Device.Feed;
using MqttCam.Device.Settings;

namespace MqttCam.Device.Exposure;

/// <summary>
/// Whether <c>lock</c> fixed the exposure, and the exposure the state reports: what the sensor really used where the
/// source reports it, otherwise the fixed values asked for.
/// </summary>
public sealed class ExposureControl(CurrentSettings settings, LiveFeed feed)
{
    private volatile bool _locked;

    public bool Locked
    {
        get => _locked;
        set => _locked = value;
    }

    public ExposureState? Status
    {
        get
        {
            var current = settings.Value;
            if (feed.Source?.LatestExposure is { } reading)
            {
                return new ExposureState(reading.ShutterMicroseconds, reading.AnalogueGain, reading.RedGain, reading.BlueGain, _locked);
            }

            return current.ShutterMicroseconds > 0 || current.Gain > 0 || !current.AwbGains.IsAutomatic || _locked
                ? new ExposureState(
                    ShutterMicroseconds: current.ShutterMicroseconds > 0 ? current.ShutterMicroseconds : null,
                    AnalogueGain: current.Gain > 0 ? current.Gain : null,
                    RedGain: current.AwbGains.IsAutomatic ? null : current.AwbGains.Red,
                    BlueGain: current.AwbGains.IsAutomatic ? null : current.AwbGains.Blue,
                    Locked: _locked)
                : null;
        }
    }
}
