namespace MqttCam.Bridge.Ingest;

/// <summary>The JSON answer to an upload: where the frame went and whether the bridge is already serving it.</summary>
public sealed record UploadSummary(string Camera, long Sequence, int Bytes, bool Served);
