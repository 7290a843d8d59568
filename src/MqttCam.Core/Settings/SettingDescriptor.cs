using System.Text.Json;
using System.Text.Json.Nodes;

namespace MqttCam.Core.Settings;

/// <summary>
/// One named camera setting: its type, what values are allowed, and how to read it from JSON (<c>set</c>) or from a
/// plain string (<c>set/&lt;name&gt;</c>, what Home Assistant entities publish). Errors always name the setting and
/// what is allowed, so a user reading an MQTT error response knows what to send instead.
/// </summary>
public abstract class SettingDescriptor
{
    private protected SettingDescriptor(string name, SettingKind kind, string description)
    {
        Name = name;
        Kind = kind;
        Description = description;
    }

    public string Name { get; }

    public SettingKind Kind { get; }

    public string Description { get; }

    /// <summary>Human-readable allowed values, e.g. "an integer from 1 to 100".</summary>
    public abstract string Allowed { get; }

    public double? Minimum { get; internal init; }

    public double? Maximum { get; internal init; }

    public double? Step { get; internal init; }

    public string? Unit { get; internal init; }

    /// <summary>Human label for forms and entity names, e.g. "White balance".</summary>
    public string Label { get; private set; } = string.Empty;

    /// <summary>Which section of a settings form it belongs to: one of <see cref="SettingGroups"/>.</summary>
    public string Group { get; private set; } = string.Empty;

    /// <summary>The Home Assistant entity discovery announces for it.</summary>
    public HomeAssistantEntity HomeAssistant { get; private set; }

    /// <summary>Where the setting takes effect: which sources apply it, or the device itself.</summary>
    public SettingTargets Targets { get; private set; }

    /// <summary>The rpicam-vid option it becomes (e.g. <c>--awbgains</c>), or null where rpicam has none.</summary>
    public string? RpicamFlag { get; private set; }

    /// <summary>
    /// Whether rpicam-vid is always given the option: rpicam's own defaults differ from ours for size, rate and
    /// quality; every other option is left out while it has its default, so the camera stack keeps deciding.
    /// </summary>
    public bool RpicamAlways { get; private set; }

    /// <summary>The value rpicam-vid is given when it differs from the setting's own (fps: the rate the shutter allows).</summary>
    public Func<CameraSettings, string>? RpicamValue { get; private set; }

    /// <summary>Whether <paramref name="target"/> applies this setting.</summary>
    public bool AppliesTo(SettingTargets target) => (Targets & target) != 0;

    internal SettingDescriptor Present(string group, string label, HomeAssistantEntity homeAssistant = HomeAssistantEntity.None)
    {
        Label = label;
        Group = group;
        HomeAssistant = homeAssistant;
        return this;
    }

    /// <summary>Applied by the sources in <paramref name="targets"/> (or by the device itself).</summary>
    internal SettingDescriptor For(SettingTargets targets)
    {
        Targets |= targets;
        return this;
    }

    /// <summary>Passed to rpicam-vid as <paramref name="flag"/> (a boolean setting is a bare flag while on).</summary>
    internal SettingDescriptor Rpicam(string flag, bool always = false, Func<CameraSettings, string>? value = null)
    {
        RpicamFlag = flag;
        RpicamAlways = always;
        RpicamValue = value;
        return For(SettingTargets.Rpicam);
    }

    public IReadOnlyList<string> Options { get; internal init; } = [];

    public abstract bool TryApply(CameraSettings current, JsonElement value, out CameraSettings updated, out string? reason);

    public abstract bool TryApplyText(CameraSettings current, string text, out CameraSettings updated, out string? reason);

    public abstract JsonNode? ToJson(CameraSettings settings);

    /// <summary>The value as a plain string, in the form <see cref="TryApplyText"/> accepts.</summary>
    public abstract string FormatValue(CameraSettings settings);

    private protected string Invalid(string got) => $"{Name}: must be {Allowed} (got {got})";

    private protected static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{Truncate(value.GetString() ?? string.Empty)}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        _ => Truncate(value.GetRawText()),
    };

    private protected static string Truncate(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
