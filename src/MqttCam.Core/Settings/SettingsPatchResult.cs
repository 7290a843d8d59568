namespace MqttCam.Core.Settings;

/// <summary>The outcome of an all-or-nothing settings change: the new settings, or every reason it was refused.</summary>
public sealed class SettingsPatchResult
{
    private SettingsPatchResult(CameraSettings settings, IReadOnlyList<string> errors, IReadOnlyList<string> changed)
    {
        Settings = settings;
        Errors = errors;
        Changed = changed;
    }

    /// <summary>The new settings on success; the unchanged current settings on failure.</summary>
    public CameraSettings Settings { get; }

    public IReadOnlyList<string> Errors { get; }

    /// <summary>Names of the settings whose value actually changed.</summary>
    public IReadOnlyList<string> Changed { get; }

    public bool IsSuccess => Errors.Count == 0;

    public string ErrorMessage => string.Join("; ", Errors);

    internal static SettingsPatchResult Succeeded(CameraSettings settings, IReadOnlyList<string> changed) => new(settings, [], changed);

    internal static SettingsPatchResult Failed(CameraSettings current, IReadOnlyList<string> errors) => new(current, errors, []);
}
