namespace MqttCam.Bridge.Ingest;

/// <summary>The outcome of republishing an uploaded frame, with the sequence it was published under.</summary>
public sealed record RepublishResult(RepublishStatus Status, long Sequence, string? Error);
