using MqttCam.Device.Configuration;
using MqttCam.Device.Persistence;
using MqttCam.Core.Settings;

namespace MqttCam.Device.Settings;

/// <summary>
/// The settings in force: loaded once (configured values overlaid by what was saved), then replaced as a whole by
/// <see cref="SettingsService"/>. Everyone else only reads; a read is one volatile load, cheap on the frame path.
/// </summary>
public sealed class CurrentSettings(DeviceConfiguration configuration, SettingsStore store)
{
    private CameraSettings _value = store.Load(configuration.InitialSettings);

    public CameraSettings Value => Volatile.Read(ref _value);

    internal void Replace(CameraSettings settings) => Volatile.Write(ref _value, settings);
}
