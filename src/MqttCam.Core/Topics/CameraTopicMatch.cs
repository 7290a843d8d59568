namespace MqttCam.Topics;

/// <summary>A topic recognised as belonging to a camera: which camera, which leaf, and for <c>set/&lt;name&gt;</c> the setting name.</summary>
public readonly record struct CameraTopicMatch(string CameraId, CameraTopicKind Kind, string? Setting);
