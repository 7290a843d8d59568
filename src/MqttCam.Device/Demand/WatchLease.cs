namespace MqttCam.Device.Demand;

/// <summary>One consumer's active lease: the rate it asks for (null = the camera's fps) and when it ends on the device's clock.</summary>
public readonly record struct WatchLease(string Consumer, double? Fps, DateTimeOffset ExpiresAt);
