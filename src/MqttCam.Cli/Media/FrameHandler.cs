namespace MqttCam.Cli.Media;

/// <summary>
/// Frames for stream, record and bench: either straight from a camera source or, with <c>--from-mqtt</c>, every frame a
/// running device publishes. The frame is lent to the callback (pooled or broker-owned memory, no copy); it returns
/// false to stop.
/// </summary>
public delegate ValueTask<bool> FrameHandler(ReadOnlyMemory<byte> jpeg, int width, int height, CancellationToken cancellationToken);
