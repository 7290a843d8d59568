using MqttCam.Settings;

namespace MqttCam.Capture;

/// <summary>
/// Which named settings a source sees change between two setting sets (names as in <see cref="CameraSettingsSchema"/>);
/// the device's own settings (<see cref="FrameSource.DeviceSettings"/>) are left out.
/// </summary>
internal static class SettingChanges
{
    public static IReadOnlyList<string> Between(CameraSettings previous, CameraSettings current) =>
        CameraSettingsSchema.All
            .Where(d => !FrameSource.DeviceSettings.Contains(d.Name) && !string.Equals(d.FormatValue(previous), d.FormatValue(current), StringComparison.Ordinal))
            .Select(d => d.Name)
            .ToArray();
}
