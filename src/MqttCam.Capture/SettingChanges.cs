using MqttCam.Core.Settings;

namespace MqttCam.Capture;

/// <summary>
/// Which named settings a source has to act on between two setting sets (names as in <see cref="CameraSettingsSchema"/>).
/// Settings the device applies itself (streaming, overlay, motion, preview) are never the source's business, so a source
/// neither restarts for them nor reports them as unsupported.
/// </summary>
internal static class SettingChanges
{
    public static IReadOnlyList<string> Between(CameraSettings previous, CameraSettings current) =>
        CameraSettingsSchema.All
            .Where(d => !d.AppliesTo(SettingTargets.Device))
            .Where(d => !string.Equals(d.FormatValue(previous), d.FormatValue(current), StringComparison.Ordinal))
            .Select(d => d.Name)
            .ToArray();
}
