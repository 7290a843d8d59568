
namespace MqttCam.Bridge;

/// <summary>
/// The bridge's log events, ids 300-399 (highest in use: 330). One row per event: id, name, level, message, then the
/// <see cref="ILogger"/> extension it generates (docs/architecture.md, "One logging style").
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 300, EventName = "BridgeSubscribed", Level = LogLevel.Information, Message = "Subscribed to camera topics under {Prefix} on {Host}:{Port}")] public static partial void BridgeSubscribed(this ILogger logger, string prefix, string host, int port);

    [LoggerMessage(EventId = 301, EventName = "CameraDiscovered", Level = LogLevel.Information, Message = "Camera {CameraId} discovered")] public static partial void CameraDiscovered(this ILogger logger, string cameraId);

    [LoggerMessage(EventId = 302, EventName = "FrameRejected", Level = LogLevel.Warning, Message = "Rejected {Bytes}-byte payload on {Topic}: {Reason}; the last good frame stays")] public static partial void FrameRejected(this ILogger logger, string topic, int bytes, string reason);

    [LoggerMessage(EventId = 303, EventName = "StateRejected", Level = LogLevel.Warning, Message = "Ignored state of camera {CameraId}: {Reason}")] public static partial void StateRejected(this ILogger logger, string cameraId, string reason);

    [LoggerMessage(EventId = 304, EventName = "CameraLimitReached", Level = LogLevel.Warning, Message = "Ignored message on {Topic}: the limit of {MaxCameras} cameras is reached (Bridge:MaxCameras)")] public static partial void CameraLimitReached(this ILogger logger, string topic, int maxCameras);

    [LoggerMessage(EventId = 305, EventName = "AvailabilityChanged", Level = LogLevel.Information, Message = "Camera {CameraId} is {Availability}")] public static partial void AvailabilityChanged(this ILogger logger, string cameraId, string availability);

    [LoggerMessage(EventId = 306, EventName = "SubscribeFailed", Level = LogLevel.Error, Message = "Subscribing to {Filter} failed; retrying")] public static partial void SubscribeFailed(this ILogger logger, string filter, Exception exception);

    [LoggerMessage(EventId = 307, EventName = "MessageHandlingFailed", Level = LogLevel.Error, Message = "Handling a message on {Topic} failed")] public static partial void MessageHandlingFailed(this ILogger logger, string topic, Exception exception);

    [LoggerMessage(EventId = 310, EventName = "CommandSent", Level = LogLevel.Debug, Message = "Sent {Action} to camera {CameraId} on {Topic}")] public static partial void CommandSent(this ILogger logger, string action, string cameraId, string topic);

    [LoggerMessage(EventId = 311, EventName = "CommandTimedOut", Level = LogLevel.Warning, Message = "Camera {CameraId} did not answer {Action} within {TimeoutSeconds} s")] public static partial void CommandTimedOut(this ILogger logger, string cameraId, string action, double timeoutSeconds);

    [LoggerMessage(EventId = 312, EventName = "ResponseUnreadable", Level = LogLevel.Warning, Message = "Unreadable command response on {Topic}: {Reason}")] public static partial void ResponseUnreadable(this ILogger logger, string topic, string reason);

    [LoggerMessage(EventId = 315, EventName = "UploadAccepted", Level = LogLevel.Debug, Message = "Upload of {Bytes} bytes for camera {CameraId} republished on {Topic}")] public static partial void UploadAccepted(this ILogger logger, string cameraId, int bytes, string topic);

    [LoggerMessage(EventId = 316, EventName = "UploadRejected", Level = LogLevel.Warning, Message = "Upload for camera {CameraId} rejected: {Reason}")] public static partial void UploadRejected(this ILogger logger, string cameraId, string reason);

    [LoggerMessage(EventId = 317, EventName = "TcpIngestListening", Level = LogLevel.Information, Message = "Accepting the Pi-camera network stream on {Endpoint} as camera {CameraId}")] public static partial void TcpIngestListening(this ILogger logger, string endpoint, string cameraId);

    [LoggerMessage(EventId = 318, EventName = "TcpIngestConnection", Level = LogLevel.Information, Message = "Pi-camera stream from {Remote}: {Frames} frames, ended: {Reason}")] public static partial void TcpIngestConnection(this ILogger logger, string remote, long frames, string reason);

    [LoggerMessage(EventId = 319, EventName = "MirrorWriteFailed", Level = LogLevel.Warning, Message = "Writing the mirror file {Path} failed")] public static partial void MirrorWriteFailed(this ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 320, EventName = "StreamClientEnded", Level = LogLevel.Debug, Message = "{Endpoint} client of camera {CameraId} left after {Frames} frames")] public static partial void StreamClientEnded(this ILogger logger, string endpoint, string cameraId, long frames);

    [LoggerMessage(EventId = 321, EventName = "WebSocketFailed", Level = LogLevel.Debug, Message = "WebSocket of camera {CameraId} closed abnormally")] public static partial void WebSocketFailed(this ILogger logger, string cameraId, Exception exception);

    [LoggerMessage(EventId = 322, EventName = "TcpIngestFailed", Level = LogLevel.Error, Message = "The Pi-camera stream listener failed")] public static partial void TcpIngestFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 323, EventName = "StreamClientStalled", Level = LogLevel.Information, Message = "{Endpoint} client of camera {CameraId} cut: a write made no progress for {Seconds} s (Bridge:StreamStallSeconds)")] public static partial void StreamClientStalled(this ILogger logger, string endpoint, string cameraId, double seconds);

    [LoggerMessage(EventId = 324, EventName = "CameraExpired", Level = LogLevel.Information, Message = "Camera {CameraId} forgotten: no frame and not online for {Seconds} s (Bridge:CameraIdleSeconds)")] public static partial void CameraExpired(this ILogger logger, string cameraId, double seconds);

    [LoggerMessage(EventId = 325, EventName = "ResizeRefused", Level = LogLevel.Warning, Message = "Resize of camera {CameraId}'s {Width}x{Height} frame refused: {Reason}")] public static partial void ResizeRefused(this ILogger logger, string cameraId, int width, int height, string reason);

    [LoggerMessage(EventId = 326, EventName = "IngestAvailabilityChanged", Level = LogLevel.Information, Message = "Ingest camera {CameraId} is {Availability}: {Reason}")] public static partial void IngestAvailabilityChanged(this ILogger logger, string cameraId, string availability, string reason);

    [LoggerMessage(EventId = 327, EventName = "LeasePublished", Level = LogLevel.Debug, Message = "Watch lease of camera {CameraId} published on {Topic}")] public static partial void LeasePublished(this ILogger logger, string cameraId, string topic);

    [LoggerMessage(EventId = 331, EventName = "IngestAvailabilityNotPublished", Level = LogLevel.Warning, Message = "Ingest camera {CameraId} availability {Availability} not published: {Reason}")] public static partial void IngestAvailabilityNotPublished(this ILogger logger, string cameraId, string availability, string reason);

    [LoggerMessage(EventId = 328, EventName = "LeaseReleased", Level = LogLevel.Debug, Message = "Watch lease of camera {CameraId} released on {Topic}")] public static partial void LeaseReleased(this ILogger logger, string cameraId, string topic);

    [LoggerMessage(EventId = 329, EventName = "LeasePublishFailed", Level = LogLevel.Warning, Message = "Publishing the watch lease on {Topic} failed: {Reason}; the next renewal retries")] public static partial void LeasePublishFailed(this ILogger logger, string topic, string reason);

    [LoggerMessage(EventId = 330, EventName = "LeaseReleaseUnfinished", Level = LogLevel.Warning, Message = "Watch leases not all released within {Seconds} s at shutdown; the broker expires them")] public static partial void LeaseReleaseUnfinished(this ILogger logger, double seconds);
}
