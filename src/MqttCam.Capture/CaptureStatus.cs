namespace MqttCam.Capture;

/// <summary>A snapshot of how a frame source is doing, for the device's state topic and logs.</summary>
/// <param name="Running">True while frames are flowing (a camera process has delivered its first frame and not failed since).</param>
/// <param name="LastError">The last failure, or null when none.</param>
/// <param name="LastErrorAt">When <paramref name="LastError"/> happened.</param>
/// <param name="Restarts">How many times the source restarted its camera (after failures and for settings changes).</param>
/// <param name="FramesCaptured">Frames delivered by the camera.</param>
/// <param name="FramesDropped">Frames the reader did not take in time: the oldest queued frame is dropped for the newest.</param>
/// <param name="FramesThrottled">Frames arriving faster than the configured fps, dropped to keep the pace.</param>
/// <param name="BytesSkipped">Bytes of the camera stream that were not part of a valid frame.</param>
/// <param name="FramesRejected">Oversize frames, unreadable frames and files that are not JPEGs.</param>
/// <param name="LastFrameAt">When the newest frame arrived.</param>
public sealed record CaptureStatus(
    bool Running,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    int Restarts,
    long FramesCaptured,
    long FramesDropped,
    long FramesThrottled,
    long BytesSkipped,
    long FramesRejected,
    DateTimeOffset? LastFrameAt);
