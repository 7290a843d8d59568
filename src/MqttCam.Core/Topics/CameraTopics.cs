namespace MqttCam.Core.Topics;

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
        WatchRoot = $"{Root}/watch";
        WatchFilter = $"{WatchRoot}/+";
        Motion = $"{Root}/motion";
        Event = $"{Root}/event";
        Preview = $"{Root}/preview";
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

    /// <summary>The parent of every consumer's <c>watch/&lt;consumer&gt;</c> lease topic.</summary>
    public string WatchRoot { get; }

    /// <summary>Subscription filter for every consumer's <c>watch/&lt;consumer&gt;</c> lease.</summary>
    public string WatchFilter { get; }

    /// <summary>Retained <c>ON</c>/<c>OFF</c> while motion is active.</summary>
    public string Motion { get; }

    /// <summary>Motion start/end events (JSON, not retained).</summary>
    public string Event { get; }

    /// <summary>Retained small JPEG (longest side preview_size).</summary>
    public string Preview { get; }

    public string SetSetting(string setting) => $"{Set}/{setting}";

    /// <summary>The lease topic of one consumer; throws for a name outside <see cref="WatchConsumer.AllowedDescription"/>.</summary>
    public string Watch(string consumer)
    {
        if (!WatchConsumer.IsValid(consumer))
        {
            throw new ArgumentException($"Invalid watch consumer '{consumer}': {WatchConsumer.AllowedDescription}.", nameof(consumer));
        }

        return $"{WatchRoot}/{consumer}";
    }
}
