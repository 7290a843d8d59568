namespace MqttCam.Core.Topics;

/// <summary>Plain strings, so they match Home Assistant's default <c>payload_available</c>/<c>payload_not_available</c>.</summary>
public static class AvailabilityPayload
{
    public const string Online = "online";
    public const string Offline = "offline";
}
