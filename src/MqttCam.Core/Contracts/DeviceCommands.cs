namespace MqttCam.Core.Contracts;

/// <summary>One command the device answers on <c>&lt;prefix&gt;/&lt;id&gt;/command</c>.</summary>
/// <param name="Name">The <c>action</c> value.</param>
/// <param name="Arguments">The JSON keys it reads beside <c>action</c> and <c>transaction</c> (empty: none).</param>
/// <param name="Description">One line for help texts and error messages.</param>
public sealed record CommandDescriptor(string Name, IReadOnlyList<string> Arguments, string Description);

/// <summary>
/// The one list of command actions, beside <see cref="Core.Settings.CameraSettingsSchema"/>: the device's dispatcher,
/// the bridge's "known" list, the CLI subcommands, Home Assistant buttons and the docs test all read it, so a
/// command cannot exist in one and be missing from another.
/// </summary>
public static class DeviceCommands
{
    public static readonly CommandDescriptor Capture = new("capture", ["width", "height", "quality", "save", "name"], "Publish the next frame to the snapshot topic (and save it)");
    public static readonly CommandDescriptor Restart = new("restart", [], "Restart the camera source");
    public static readonly CommandDescriptor State = new("state", [], "Reply with the state JSON");
    public static readonly CommandDescriptor Discovery = new("discovery", [], "Publish the Home Assistant discovery configs");
    public static readonly CommandDescriptor RemoveDiscovery = new("remove_discovery", [], "Empty the Home Assistant discovery configs (removes the device)");
    public static readonly CommandDescriptor TimelapseStart = new("timelapse_start", ["interval_seconds", "every", "at", "name", "max_files", "max_bytes", "max_age_hours"], "Start a timelapse on the device");
    public static readonly CommandDescriptor TimelapseStop = new("timelapse_stop", [], "Stop the device's timelapse");
    public static readonly CommandDescriptor TimelapseStatus = new("timelapse_status", [], "Show the device's timelapse status");
    public static readonly CommandDescriptor Lock = new("lock", [], "Fix the current exposure and white balance on the device");
    public static readonly CommandDescriptor Unlock = new("unlock", [], "Return the device to automatic exposure and white balance");
    public static readonly CommandDescriptor Night = new("night", ["shutter_seconds", "gain"], "Long shutter and high gain for low light");
    public static readonly CommandDescriptor Record = new("record", ["seconds", "name"], "Record an MP4 clip on the device");

    /// <summary>In the order the docs and "known: …" error texts list them.</summary>
    public static IReadOnlyList<CommandDescriptor> All { get; } =
    [
        Capture, Restart, State, Discovery, RemoveDiscovery, TimelapseStart, TimelapseStop, TimelapseStatus, Lock, Unlock, Night, Record,
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(c => c.Name)];

    public static CommandDescriptor? Find(string name) => All.FirstOrDefault(c => c.Name == name);
}
