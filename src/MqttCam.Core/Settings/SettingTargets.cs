namespace MqttCam.Settings;

/// <summary>
/// Where a setting takes effect. A source applies only the settings flagged for it; <see cref="Device"/> settings are
/// applied by the device itself (publishing, overlay, motion, preview), so every source accepts them without a restart.
/// </summary>
[Flags]
public enum SettingTargets
{
    None = 0,

    /// <summary>Passed to rpicam-vid as <see cref="SettingDescriptor.RpicamFlag"/> (read at start: a change restarts it).</summary>
    Rpicam = 1 << 0,

    /// <summary>Mapped onto ffmpeg's filters or encoder (a change restarts it).</summary>
    Ffmpeg = 1 << 1,

    /// <summary>Drawn by the test pattern on the next frame.</summary>
    TestPattern = 1 << 2,

    /// <summary>Applied by the folder-of-JPEGs source on the next frame.</summary>
    Files = 1 << 3,

    /// <summary>Handled by the device whatever the source.</summary>
    Device = 1 << 4,
}
