namespace MqttCam.Topics;

/// <summary>The leaf of a camera topic, <c>&lt;prefix&gt;/&lt;id&gt;/&lt;kind&gt;</c>.</summary>
public enum CameraTopicKind
{
    Image,
    Snapshot,
    Availability,
    State,
    Set,
    SetSetting,
    Command,
    Response,
}
