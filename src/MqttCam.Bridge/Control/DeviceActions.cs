using System.Text.RegularExpressions;
using MqttCam.Core.Contracts;

namespace MqttCam.Bridge.Control;

/// <summary>
/// Command actions the bridge forwards. <see cref="Known"/> is the Core catalogue (for docs and error texts);
/// forwarding only checks the shape, so a device newer than the bridge still gets its new actions.
/// </summary>
public static partial class DeviceActions
{
    public const string AllowedDescription = "1-40 characters: a lowercase letter, then lowercase letters, digits or '_'";

    public static IReadOnlyList<string> Known => DeviceCommands.Names;

    public static bool IsWellFormed(string? action) => action is { Length: > 0 and <= 40 } && Pattern().IsMatch(action);

    // \z, not $: $ also matches before a final newline, which would let "capture\n" through.
    [GeneratedRegex(@"^[a-z][a-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
