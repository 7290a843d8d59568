namespace MqttCam.Device.Feed;

/// <summary>A copy of one live frame taken for <c>capture</c> or a timelapse still (the live buffer goes back to the pool).</summary>
public sealed record CapturedStill(byte[] Jpeg, long Sequence, DateTimeOffset CapturedAt, int Width, int Height);
