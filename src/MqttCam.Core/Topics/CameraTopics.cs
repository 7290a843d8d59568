namespace MqttCam.Topics;

/// <summary>
/// The topic contract of one camera (documented in docs/mqtt-api.md). Strings are built once because they are used
/// for every frame.
/// </summary>
public sealed class CameraTopics
{
    public CameraTopics(string prefix, string cameraId)
    {
        if (!TopicPrefix.IsValid(prefix))
        {
            throw new ArgumentException($"Invalid topic prefix '{prefix}': no leading/trailing '/', no '+' or '#'.", nameof(prefix));
        }

        if (!Cameras.CameraId.IsValid(cameraId))
        {
            throw new ArgumentException($"Invalid camera id '{cameraId}': {Cameras.CameraId.AllowedDescription}.", nameof(cameraId));
        }

        Prefix = prefix;
        CameraId = cameraId;
        Root = $"{prefix}/{cameraId}";
        Image = $"{Root}/image";
        Snapshot = $"{Root}/snapshot";
        Availability = $"{Root}/availability";
        State = $"{Root}/state";
        Set = $"{Root}/set";
        SetSettingFilter = $"{Root}/set/+";
        Command = $"{Root}/command";
        Response = $"{Root}/response";
    }

    public string Prefix { get; }

    public string CameraId { get; }

    public string Root { get; }

    public string Image { get; }

    public string Snapshot { get; }

    public string Availability { get; }

    public string State { get; }

    public string Set { get; }

    /// <summary>Subscription filter for the plain-value <c>set/&lt;setting&gt;</c> topics.</summary>
    public string SetSettingFilter { get; }

    public string Command { get; }

    public string Response { get; }

    public string SetSetting(string setting) => $"{Set}/{setting}";
}
