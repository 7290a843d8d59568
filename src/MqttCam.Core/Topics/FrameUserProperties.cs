namespace MqttCam.Core.Topics;

/// <summary>MQTT 5 user property names carried with every frame on the image and snapshot topics.</summary>
public static class FrameUserProperties
{
    public const string ContentType = "image/jpeg";
    public const string Sequence = "sequence";
    public const string CapturedAt = "captured_at";
    public const string Width = "width";
    public const string Height = "height";
}
