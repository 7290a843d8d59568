using MqttCam.Core.Settings;

namespace MqttCam.Capture.Rpicam;

/// <summary>
/// Maps <see cref="CameraSettings"/> onto rpicam-vid options, as each setting's descriptor names them
/// (<see cref="SettingDescriptor.RpicamFlag"/>). Size, rate and quality are always passed (rpicam's own defaults
/// differ from ours); every other option is omitted while it has its default or automatic value, so the camera stack
/// keeps deciding what it decides best.
/// </summary>
public static class RpicamArguments
{
    private static readonly CameraSettings s_defaults = new();

    /// <summary>Every setting rpicam-vid understands; it reads them only at start, so each one needs a restart.</summary>
    public static IReadOnlyCollection<string> Supported { get; } = CameraSettingsSchema.NamesFor(SettingTargets.Rpicam);

    /// <param name="settings">What to capture.</param>
    /// <param name="metadataPath">Where rpicam writes per-frame JSON metadata (exposure, gains), or null for none.</param>
    public static IReadOnlyList<string> Build(CameraSettings settings, string? metadataPath = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var args = new List<string> { "--codec", "mjpeg", "-o", "-", "-t", "0", "--nopreview", "--flush" };
        foreach (var setting in CameraSettingsSchema.All)
        {
            if (setting.RpicamFlag is not { } flag)
            {
                continue;
            }

            var value = setting.FormatValue(settings);
            if (!setting.RpicamAlways && value == setting.FormatValue(s_defaults))
            {
                continue;
            }

            if (setting.Kind == SettingKind.Boolean)
            {
                // A switch is a bare flag; off is rpicam's own default, so it is simply left out.
                if (value == "ON")
                {
                    args.Add(flag);
                }
            }
            else
            {
                args.AddRange([flag, setting.RpicamValue?.Invoke(settings) ?? value]);
            }
        }

        if (metadataPath is not null)
        {
            args.AddRange(["--metadata", metadataPath, "--metadata-format", "json"]);
        }

        return args;
    }
}
