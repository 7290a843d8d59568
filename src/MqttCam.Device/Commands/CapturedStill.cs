namespace MqttCam.Device.Commands;

/// <summary>A copy of one live frame taken for a <c>capture</c> command (the live buffer goes back to the pool).</summary>
public sealed record CapturedStill(byte[] Jpeg, long Sequence, DateTimeOffset CapturedAt, int Width, int Height);
