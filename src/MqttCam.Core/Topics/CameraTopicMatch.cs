namespace MqttCam.Core.Topics;

/// <summary>
/// A topic recognised as belonging to a camera: which camera, which leaf, for <c>set/&lt;name&gt;</c> the setting
/// name and for <c>watch/&lt;consumer&gt;</c> the consumer.
/// </summary>
public readonly record struct CameraTopicMatch(string CameraId, CameraTopicKind Kind, string? Setting, string? Consumer = null);
