namespace MqttCam.Bridge.Operations;

/// <summary>The bridge's process-wide <see cref="Counter"/>s, by name and per endpoint, rendered by <see cref="PrometheusWriter"/>.</summary>
public sealed class BridgeMetrics
{
    private readonly Counter[] _bytesOut = PerEndpoint();
    private readonly Counter[] _responses = PerEndpoint();
    private readonly Counter[] _clients = PerEndpoint();
    private readonly Counter _rejectedPayloads = new();
    private readonly Counter _uploadsAccepted = new();
    private readonly Counter _uploadsRejected = new();
    private readonly Counter _commandsSent = new();
    private readonly Counter _commandTimeouts = new();
    private readonly Counter _cameraLimitDrops = new();
    private readonly Counter _stalledClientsCut = new();
    private readonly Counter _camerasExpired = new();
    private readonly Counter _resizesRefused = new();
    private readonly Counter _liveFastPathResponses = new();

    public long RejectedPayloads => _rejectedPayloads.Value;

    public long UploadsAccepted => _uploadsAccepted.Value;

    public long UploadsRejected => _uploadsRejected.Value;

    public long CommandsSent => _commandsSent.Value;

    public long CommandTimeouts => _commandTimeouts.Value;

    /// <summary>Messages dropped because the camera limit was reached.</summary>
    public long CameraLimitDrops => _cameraLimitDrops.Value;

    /// <summary>Stream clients cut because a write made no progress within Bridge:StreamStallSeconds.</summary>
    public long StalledClientsCut => _stalledClientsCut.Value;

    /// <summary>Camera ids forgotten after Bridge:CameraIdleSeconds without a frame (or evicted to admit a camera that sends frames).</summary>
    public long CamerasExpired => _camerasExpired.Value;

    /// <summary>Resizes refused because decoding would exceed Bridge:MaxDecodePixels.</summary>
    public long ResizesRefused => _resizesRefused.Value;

    /// <summary>live.jpeg responses and MJPEG streams started by the connection-level fast path (also counted per endpoint).</summary>
    public long LiveFastPathResponses => _liveFastPathResponses.Value;

    public void LiveFastPathResponse() => _liveFastPathResponses.Increment();

    public void StalledClientCut() => _stalledClientsCut.Increment();

    public void CameraExpired() => _camerasExpired.Increment();

    public void ResizeRefused() => _resizesRefused.Increment();

    public long BytesOut(ServedEndpoint endpoint) => _bytesOut[(int)endpoint].Value;

    public long Responses(ServedEndpoint endpoint) => _responses[(int)endpoint].Value;

    public long Clients(ServedEndpoint endpoint) => _clients[(int)endpoint].Value;

    public void AddBytesOut(ServedEndpoint endpoint, long bytes) => _bytesOut[(int)endpoint].Add(bytes);

    /// <summary>Counts a frame response (a still image or a frame sent on a stream) and its bytes.</summary>
    public void CountResponse(ServedEndpoint endpoint, long bytes)
    {
        _responses[(int)endpoint].Increment();
        _bytesOut[(int)endpoint].Add(bytes);
    }

    public void ClientConnected(ServedEndpoint endpoint) => _clients[(int)endpoint].Increment();

    public void ClientDisconnected(ServedEndpoint endpoint) => _clients[(int)endpoint].Decrement();

    public void PayloadRejected() => _rejectedPayloads.Increment();

    public void UploadAccepted() => _uploadsAccepted.Increment();

    public void UploadRejected() => _uploadsRejected.Increment();

    public void CommandSent() => _commandsSent.Increment();

    public void CommandTimedOut() => _commandTimeouts.Increment();

    public void CameraLimitReached() => _cameraLimitDrops.Increment();

    private static Counter[] PerEndpoint() => [.. Enum.GetValues<ServedEndpoint>().Select(_ => new Counter())];
}
