namespace MqttCam.Bridge.Operations;

/// <summary>Process-wide counters, updated with Interlocked on hot paths and rendered by <see cref="PrometheusWriter"/>.</summary>
public sealed class BridgeMetrics
{
    private static readonly int s_endpointCount = Enum.GetValues<ServedEndpoint>().Length;

    private readonly long[] _bytesOut = new long[s_endpointCount];
    private readonly long[] _responses = new long[s_endpointCount];
    private readonly long[] _clients = new long[s_endpointCount];
    private long _rejectedPayloads;
    private long _uploadsAccepted;
    private long _uploadsRejected;
    private long _commandsSent;
    private long _commandTimeouts;
    private long _unknownCameraMessages;
    private long _stalledClientsCut;
    private long _camerasExpired;
    private long _resizesRefused;
    private long _liveFastPathResponses;

    public long RejectedPayloads => Interlocked.Read(ref _rejectedPayloads);

    public long UploadsAccepted => Interlocked.Read(ref _uploadsAccepted);

    public long UploadsRejected => Interlocked.Read(ref _uploadsRejected);

    public long CommandsSent => Interlocked.Read(ref _commandsSent);

    public long CommandTimeouts => Interlocked.Read(ref _commandTimeouts);

    /// <summary>Messages dropped because the camera limit was reached.</summary>
    public long CameraLimitDrops => Interlocked.Read(ref _unknownCameraMessages);

    /// <summary>Stream clients cut because a write made no progress within Bridge:StreamStallSeconds.</summary>
    public long StalledClientsCut => Interlocked.Read(ref _stalledClientsCut);

    /// <summary>Camera ids forgotten after Bridge:CameraIdleSeconds without a frame (or evicted to admit a camera that sends frames).</summary>
    public long CamerasExpired => Interlocked.Read(ref _camerasExpired);

    /// <summary>Resizes refused because decoding would exceed Bridge:MaxDecodePixels.</summary>
    public long ResizesRefused => Interlocked.Read(ref _resizesRefused);

    /// <summary>live.jpeg responses and MJPEG streams started by the connection-level fast path (also counted per endpoint).</summary>
    public long LiveFastPathResponses => Interlocked.Read(ref _liveFastPathResponses);

    public void LiveFastPathResponse() => Interlocked.Increment(ref _liveFastPathResponses);

    public void StalledClientCut() => Interlocked.Increment(ref _stalledClientsCut);

    public void CameraExpired() => Interlocked.Increment(ref _camerasExpired);

    public void ResizeRefused() => Interlocked.Increment(ref _resizesRefused);

    public long BytesOut(ServedEndpoint endpoint) => Interlocked.Read(ref _bytesOut[(int)endpoint]);

    public long Responses(ServedEndpoint endpoint) => Interlocked.Read(ref _responses[(int)endpoint]);

    public long Clients(ServedEndpoint endpoint) => Interlocked.Read(ref _clients[(int)endpoint]);

    public void AddBytesOut(ServedEndpoint endpoint, long bytes) => Interlocked.Add(ref _bytesOut[(int)endpoint], bytes);

    /// <summary>Counts a frame response (a still image or a frame sent on a stream) and its bytes.</summary>
    public void CountResponse(ServedEndpoint endpoint, long bytes)
    {
        Interlocked.Increment(ref _responses[(int)endpoint]);
        Interlocked.Add(ref _bytesOut[(int)endpoint], bytes);
    }

    public void ClientConnected(ServedEndpoint endpoint) => Interlocked.Increment(ref _clients[(int)endpoint]);

    public void ClientDisconnected(ServedEndpoint endpoint) => Interlocked.Decrement(ref _clients[(int)endpoint]);

    public void PayloadRejected() => Interlocked.Increment(ref _rejectedPayloads);

    public void UploadAccepted() => Interlocked.Increment(ref _uploadsAccepted);

    public void UploadRejected() => Interlocked.Increment(ref _uploadsRejected);

    public void CommandSent() => Interlocked.Increment(ref _commandsSent);

    public void CommandTimedOut() => Interlocked.Increment(ref _commandTimeouts);

    public void CameraLimitReached() => Interlocked.Increment(ref _unknownCameraMessages);
}
