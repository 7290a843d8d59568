namespace MqttCam.Core.Files;

/// <summary>The values a <see cref="FileNamePattern"/> can insert.</summary>
public readonly record struct FileNameValues(long Counter, DateTimeOffset Timestamp, long Sequence, string CameraId);
