namespace MqttCam.Capture;

/// <summary>A snapshot of how a frame source is doing, for the device's state topic and logs.</summary>
public sealed record CaptureStatus
{
    /// <summary>True while frames are flowing (a camera process has delivered its first frame and not failed since).</summary>
    public bool Running { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>How many times the source restarted its camera (after failures and for settings changes).</summary>
    public int Restarts { get; init; }

    public long FramesCaptured { get; init; }

    /// <summary>Frames the reader did not take in time: the oldest queued frame is dropped for the newest.</summary>
    public long FramesDropped { get; init; }

    /// <summary>Frames arriving faster than the configured fps, dropped to keep the pace.</summary>
    public long FramesThrottled { get; init; }

    /// <summary>Bytes of the camera stream that were not part of a valid frame.</summary>
    public long BytesSkipped { get; init; }

    /// <summary>Oversize frames, unreadable frames and files that are not JPEGs.</summary>
    public long FramesRejected { get; init; }

    public DateTimeOffset? LastFrameAt { get; init; }
}
