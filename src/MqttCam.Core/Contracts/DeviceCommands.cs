namespace MqttCam.Contracts;

/// <summary>One command the device answers on <c>&lt;prefix&gt;/&lt;id&gt;/command</c>.</summary>
/// <param name="Name">The <c>action</c> value.</param>
/// <param name="Arguments">The JSON keys it reads beside <c>action</c> and <c>transaction</c> (empty: none).</param>
/// <param name="Description">One line for help texts and error messages.</param>
public sealed record CommandDescriptor(string Name, IReadOnlyList<string> Arguments, string Description);

/// <summary>
/// The one list of command actions, beside <see cref="Settings.CameraSettingsSchema"/>: the device's dispatcher,
/// the bridge's "known" list, the CLI subcommands, Home Assistant buttons and the docs test all read it, so a
/// command cannot exist in one and be missing from another.
/// </summary>
public static class DeviceCommands
{
    public const string Capture = "capture";
    public const string Restart = "restart";
    public const string State = "state";
    public const string Discovery = "discovery";
    public const string RemoveDiscovery = "remove_discovery";
    public const string TimelapseStart = "timelapse_start";
    public const string TimelapseStop = "timelapse_stop";
    public const string TimelapseStatus = "timelapse_status";
    public const string Lock = "lock";
    public const string Unlock = "unlock";
    public const string Night = "night";
    public const string Record = "record";

    /// <summary>In the order the docs and "known: …" error texts list them.</summary>
    public static IReadOnlyList<CommandDescriptor> All { get; } =
    [
        new(Capture, ["width", "height", "quality", "save", "name"], "Publish the next frame to the snapshot topic (and save it)"),
        new(Restart, [], "Restart the camera source"),
        new(State, [], "Reply with the state JSON"),
        new(Discovery, [], "Publish the Home Assistant discovery configs"),
        new(RemoveDiscovery, [], "Empty the Home Assistant discovery configs (removes the device)"),
        new(TimelapseStart, ["interval_seconds", "every", "at", "name", "max_files", "max_bytes", "max_age_hours"], "Start a timelapse on the device"),
        new(TimelapseStop, [], "Stop the device's timelapse"),
        new(TimelapseStatus, [], "Show the device's timelapse status"),
        new(Lock, [], "Fix the current exposure and white balance on the device"),
        new(Unlock, [], "Return the device to automatic exposure and white balance"),
        new(Night, ["shutter_seconds", "gain"], "Long shutter and high gain for low light"),
        new(Record, ["seconds", "name"], "Record an MP4 clip on the device"),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(c => c.Name)];

    public static CommandDescriptor? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    public static CommandDescriptor Get(string name) =>
        Find(name) ?? throw new ArgumentOutOfRangeException(nameof(name), name, "not a device command");
}
