namespace MqttCam.Core.Topics;

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

    /// <summary><c>watch/&lt;consumer&gt;</c>: a consumer's lease on the live rate.</summary>
    Watch,

    /// <summary>Retained <c>ON</c>/<c>OFF</c>.</summary>
    Motion,

    /// <summary>Motion start/end events (JSON, not retained).</summary>
    Event,

    /// <summary>Retained small JPEG.</summary>
    Preview,
}
