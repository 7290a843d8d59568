namespace MqttCam.Bridge.Operations;

/// <summary>The frame-serving endpoints counted separately in <c>/metrics</c>.</summary>
public enum ServedEndpoint
{
    Live,
    Snapshot,
    Resized,
    Mjpeg,
    WebSocket,
}
