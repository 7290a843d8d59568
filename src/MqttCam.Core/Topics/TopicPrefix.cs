namespace MqttCam.Core.Topics;

/// <summary>Rules for the configurable topic prefix (default <c>mqttcam</c>); it may contain levels such as <c>home/cams</c>.</summary>
public static class TopicPrefix
{
    public const string Default = "mqttcam";

    public static bool IsValid(string? prefix) =>
        !string.IsNullOrEmpty(prefix)
        && prefix.Length <= 128
        && !prefix.StartsWith('/')
        && !prefix.EndsWith('/')
        && !prefix.Contains("//", StringComparison.Ordinal)
        && prefix.IndexOfAny(['+', '#', '\0']) < 0;
}
