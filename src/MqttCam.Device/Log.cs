using Microsoft.Extensions.Logging;

namespace MqttCam.Device;

/// <summary>
/// Every log line of the device's own code. Ids are 1000-1999 so they never meet the libraries that run in the same
/// process (Capture 100-199, Mqtt 200-299): 10xx host and configuration, 11xx live feed, 12xx messages and replies,
/// 13xx commands, 14xx settings, 15xx state and Home Assistant; the timelapse runner has 16xx.
/// One row per event: id, name, level, message, then the <see cref="ILogger"/> extension it generates
/// (docs/architecture.md, "One logging style").
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, EventName = "DeviceStarting", Level = LogLevel.Information, Message = "Camera {CameraId} starting: source {Source}, {Width}x{Height} at {Fps} fps, quality {Quality}, broker {Host}:{Port}, topics under {Root}")] public static partial void Starting(this ILogger logger, string cameraId, string source, int width, int height, double fps, int quality, string host, int port, string root);

    [LoggerMessage(EventId = 1001, EventName = "DeviceSavedSettingsInvalid", Level = LogLevel.Warning, Message = "Ignoring saved settings in {Path}: {Reason}")] public static partial void SavedSettingsInvalid(this ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1002, EventName = "DeviceSavedSettingsUnreadable", Level = LogLevel.Warning, Message = "Cannot read saved settings in {Path}: {Reason}")] public static partial void SavedSettingsUnreadable(this ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1003, EventName = "DeviceStopped", Level = LogLevel.Information, Message = "Camera {CameraId} stopped")] public static partial void Stopped(this ILogger logger, string cameraId);

    [LoggerMessage(EventId = 1004, EventName = "DeviceBackgroundWorkOutlived", Level = LogLevel.Warning, Message = "Camera {CameraId}: {Count} background tasks (captures, recordings, replies) still running after stop's time limit")] public static partial void BackgroundWorkOutlived(this ILogger logger, string cameraId, int count);

    [LoggerMessage(EventId = 1005, EventName = "DeviceDisconnected", Level = LogLevel.Warning, Message = "Disconnected from the broker ({Reason}); frames are dropped until it is back")] public static partial void Disconnected(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1100, EventName = "DeviceSourceStartFailed", Level = LogLevel.Warning, Message = "Frame source failed to start")] public static partial void SourceStartFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1101, EventName = "DeviceSourceRestarting", Level = LogLevel.Information, Message = "Restarting the {Source} frame source")] public static partial void SourceRestarting(this ILogger logger, string source);

    [LoggerMessage(EventId = 1102, EventName = "DeviceFrameSinkFailed", Level = LogLevel.Error, Message = "Frame sink {Sink} failed on frame {Sequence}; the other sinks still got it")] public static partial void FrameSinkFailed(this ILogger logger, string sink, long sequence, Exception exception);

    [LoggerMessage(EventId = 1200, EventName = "DeviceCommandRefused", Level = LogLevel.Warning, Message = "Refused {Kind} on {Topic}: {Error}")] public static partial void CommandRefused(this ILogger logger, string kind, string topic, string error);

    [LoggerMessage(EventId = 1201, EventName = "DeviceReplyFailed", Level = LogLevel.Warning, Message = "Publishing a reply on {Topic} failed: {Reason}")] public static partial void ReplyFailed(this ILogger logger, string topic, string reason);

    [LoggerMessage(EventId = 1300, EventName = "DeviceCommandFailed", Level = LogLevel.Error, Message = "Command {Action} failed")] public static partial void CommandFailed(this ILogger logger, string action, Exception exception);

    [LoggerMessage(EventId = 1301, EventName = "DeviceCaptured", Level = LogLevel.Information, Message = "Captured frame {Sequence} ({Size} bytes){SavedTo}")] public static partial void Captured(this ILogger logger, long sequence, int size, string savedTo);

    [LoggerMessage(EventId = 1302, EventName = "DeviceRecorded", Level = LogLevel.Information, Message = "Recorded {Path} ({Frames} frames, {Size} bytes)")] public static partial void Recorded(this ILogger logger, string path, long frames, long size);

    [LoggerMessage(EventId = 1400, EventName = "DeviceSettingsChanged", Level = LogLevel.Information, Message = "Settings changed: {Changed}")] public static partial void SettingsChanged(this ILogger logger, string changed);

    [LoggerMessage(EventId = 1401, EventName = "DeviceSaveSettingsFailed", Level = LogLevel.Error, Message = "Cannot save settings to {Path}")] public static partial void SaveSettingsFailed(this ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 1402, EventName = "DeviceStreamingOff", Level = LogLevel.Information, Message = "Streaming off: the device keeps capturing frames (for capture, record and timelapse) but stops publishing them to {Topic}")] public static partial void StreamingOff(this ILogger logger, string topic);

    [LoggerMessage(EventId = 1403, EventName = "DeviceStreamingOn", Level = LogLevel.Information, Message = "Streaming on: the device publishes frames to {Topic} again")] public static partial void StreamingOn(this ILogger logger, string topic);

    [LoggerMessage(EventId = 1500, EventName = "DeviceConnected", Level = LogLevel.Information, Message = "Connected to the broker; announcing camera {CameraId}")] public static partial void Connected(this ILogger logger, string cameraId);

    [LoggerMessage(EventId = 1501, EventName = "DeviceAnnounceFailed", Level = LogLevel.Warning, Message = "Announcing after connect failed")] public static partial void AnnounceFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1502, EventName = "DeviceStatePublishFailed", Level = LogLevel.Warning, Message = "Publishing the state failed: {Reason}")] public static partial void StatePublishFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1503, EventName = "DeviceDiscoveryPublished", Level = LogLevel.Information, Message = "Published Home Assistant discovery for {CameraId} ({Count} config topics)")] public static partial void DiscoveryPublished(this ILogger logger, string cameraId, int count);

    [LoggerMessage(EventId = 1504, EventName = "DeviceDiscoveryRemoved", Level = LogLevel.Information, Message = "Removed camera {CameraId} from Home Assistant")] public static partial void DiscoveryRemoved(this ILogger logger, string cameraId);

    [LoggerMessage(EventId = 1700, EventName = "DeviceLeaseChanged", Level = LogLevel.Information, Message = "Watch lease from {Consumer}: {Change} ({Watchers} watching)")] public static partial void LeaseChanged(this ILogger logger, string consumer, Demand.WatchLeaseChange change, int watchers);

    [LoggerMessage(EventId = 1701, EventName = "DeviceLeaseRefused", Level = LogLevel.Warning, Message = "Watch lease ignored: {Reason}")] public static partial void LeaseRefused(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1702, EventName = "DeviceLeaseExpired", Level = LogLevel.Information, Message = "Watch lease from {Consumer} expired; clearing its retained copy")] public static partial void LeaseExpired(this ILogger logger, string consumer);

    [LoggerMessage(EventId = 1703, EventName = "DeviceRateChanged", Level = LogLevel.Information, Message = "Camera {CameraId} is now {Mode} ({Watchers} watching, motion {Motion})")] public static partial void RateChanged(this ILogger logger, string cameraId, string mode, int watchers, bool motion);

    [LoggerMessage(EventId = 1710, EventName = "DeviceMotion", Level = LogLevel.Information, Message = "Motion {State} on {CameraId}: score {Score:0.00}, area {Area:0.0}% at frame {Sequence}")] public static partial void Motion(this ILogger logger, Motion.MotionEventState state, string cameraId, double score, double area, long sequence);

    [LoggerMessage(EventId = 1711, EventName = "DeviceMotionFrameRefused", Level = LogLevel.Warning, Message = "Motion analysis skipped a frame: {Reason} (logged once until a frame is analysed again)")] public static partial void MotionFrameRefused(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1712, EventName = "DeviceMotionPublishFailed", Level = LogLevel.Warning, Message = "Publishing a motion event failed: {Reason}")] public static partial void MotionPublishFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1720, EventName = "DevicePreviewRefused", Level = LogLevel.Warning, Message = "No preview from this frame: {Reason} (logged once until a preview is made again)")] public static partial void PreviewRefused(this ILogger logger, string reason);
}
