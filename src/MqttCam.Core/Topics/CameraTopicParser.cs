using System.Diagnostics.CodeAnalysis;
using MqttCam.Core.Cameras;

namespace MqttCam.Core.Topics;

/// <summary>Recognises camera topics under a prefix, for consumers that subscribe with wildcards (the bridge).</summary>
public static class CameraTopicParser
{
    /// <summary>Subscription filter matching one leaf of every camera, e.g. <c>mqttcam/+/image</c>.</summary>
    public static string AllCameras(string prefix, string leaf) => $"{prefix}/+/{leaf}";

    public static bool TryParse(string prefix, string topic, [NotNullWhen(true)] out CameraTopicMatch? match)
    {
        match = null;
        if (topic.Length <= prefix.Length + 1
            || !topic.StartsWith(prefix, StringComparison.Ordinal)
            || topic[prefix.Length] != '/')
        {
            return false;
        }

        var rest = topic.AsSpan(prefix.Length + 1);
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var id = rest[..slash].ToString();
        if (!CameraId.IsValid(id))
        {
            return false;
        }

        var leaf = rest[(slash + 1)..];
        CameraTopicKind? kind = leaf switch
        {
            "image" => CameraTopicKind.Image,
            "snapshot" => CameraTopicKind.Snapshot,
            "availability" => CameraTopicKind.Availability,
            "state" => CameraTopicKind.State,
            "set" => CameraTopicKind.Set,
            "command" => CameraTopicKind.Command,
            "response" => CameraTopicKind.Response,
            "motion" => CameraTopicKind.Motion,
            "event" => CameraTopicKind.Event,
            "preview" => CameraTopicKind.Preview,
            _ => null,
        };

        if (kind is { } known)
        {
            match = new CameraTopicMatch(id, known, null);
            return true;
        }

        if (leaf.StartsWith("set/", StringComparison.Ordinal) && leaf.Length > 4 && leaf[4..].IndexOf('/') < 0)
        {
            match = new CameraTopicMatch(id, CameraTopicKind.SetSetting, leaf[4..].ToString());
            return true;
        }

        if (leaf.StartsWith("watch/", StringComparison.Ordinal) && WatchConsumer.IsValid(leaf[6..]))
        {
            match = new CameraTopicMatch(id, CameraTopicKind.Watch, null, leaf[6..].ToString());
            return true;
        }

        return false;
    }
}
