using MqttCam.Settings;

namespace MqttCam.Capture;

/// <summary>Which named settings differ between two setting sets (names as in <see cref="CameraSettingsSchema"/>).</summary>
internal static class SettingChanges
{
    public static IReadOnlyList<string> Between(CameraSettings previous, CameraSettings current) =>
        CameraSettingsSchema.All
            .Where(d => !string.Equals(d.FormatValue(previous), d.FormatValue(current), StringComparison.Ordinal))
            .Select(d => d.Name)
            .ToArray();
}
