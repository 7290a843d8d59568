using System.Text.RegularExpressions;

namespace MqttCam.Bridge.Mqtt;

/// <summary>
/// Command actions the bridge forwards. <see cref="Known"/> mirrors MqttCam.Device's list (for docs and error texts);
/// forwarding only checks the shape, so a device newer than the bridge still gets its new actions.
/// </summary>
public static partial class DeviceActions
{
    public const string AllowedDescription = "1-40 characters: a lowercase letter, then lowercase letters, digits or '_'";

    public static IReadOnlyList<string> Known { get; } =
    [
        "capture", "restart", "state", "discovery", "remove_discovery",
        "timelapse_start", "timelapse_stop", "timelapse_status", "night", "lock", "unlock",
    ];

    public static bool IsWellFormed(string? action) => action is { Length: > 0 and <= 40 } && Pattern().IsMatch(action);

    // \z, not $: $ also matches before a final newline, which would let "capture\n" through.
    [GeneratedRegex(@"^[a-z][a-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
