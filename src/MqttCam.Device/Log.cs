using Microsoft.Extensions.Logging;

namespace MqttCam.Device;

/// <summary>
/// Every log line of the device. Ids: 1xx lifecycle and configuration, 2xx MQTT, 3xx frames, 4xx commands,
/// 5xx Home Assistant.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(100, LogLevel.Information, "Camera {CameraId} starting: source {Source}, {Width}x{Height} at {Fps} fps, quality {Quality}, broker {Host}:{Port}, topics under {Root}")]
    public static partial void Starting(ILogger logger, string cameraId, string source, int width, int height, double fps, int quality, string host, int port, string root);

    [LoggerMessage(101, LogLevel.Warning, "Ignoring saved settings in {Path}: {Reason}")]
    public static partial void SavedSettingsInvalid(ILogger logger, string path, string reason);

    [LoggerMessage(102, LogLevel.Warning, "Cannot read saved settings in {Path}: {Reason}")]
    public static partial void SavedSettingsUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(103, LogLevel.Information, "Camera {CameraId} stopped")]
    public static partial void Stopped(ILogger logger, string cameraId);

    [LoggerMessage(105, LogLevel.Warning, "Camera {CameraId}: {Count} background tasks (captures, recordings, replies) still running after stop's time limit")]
    public static partial void BackgroundWorkOutlived(ILogger logger, string cameraId, int count);

    [LoggerMessage(104, LogLevel.Error, "Cannot save settings to {Path}")]
    public static partial void SaveSettingsFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(200, LogLevel.Information, "Connected to the broker; announcing camera {CameraId}")]
    public static partial void Connected(ILogger logger, string cameraId);

    [LoggerMessage(201, LogLevel.Warning, "Disconnected from the broker ({Reason}); frames are dropped until it is back")]
    public static partial void Disconnected(ILogger logger, string reason);

    [LoggerMessage(202, LogLevel.Warning, "Announcing after connect failed")]
    public static partial void AnnounceFailed(ILogger logger, Exception exception);

    [LoggerMessage(203, LogLevel.Warning, "Publishing the state failed: {Reason}")]
    public static partial void StatePublishFailed(ILogger logger, string reason);

    [LoggerMessage(300, LogLevel.Warning, "Frame source failed to start")]
    public static partial void SourceStartFailed(ILogger logger, Exception exception);

    [LoggerMessage(301, LogLevel.Information, "Restarting the {Source} frame source")]
    public static partial void SourceRestarting(ILogger logger, string source);

    [LoggerMessage(400, LogLevel.Warning, "Refused {Kind} on {Topic}: {Error}")]
    public static partial void CommandRefused(ILogger logger, string kind, string topic, string error);

    [LoggerMessage(401, LogLevel.Information, "Settings changed: {Changed}")]
    public static partial void SettingsChanged(ILogger logger, string changed);

    [LoggerMessage(402, LogLevel.Error, "Command {Action} failed")]
    public static partial void CommandFailed(ILogger logger, string action, Exception exception);

    [LoggerMessage(403, LogLevel.Information, "Captured frame {Sequence} ({Size} bytes){SavedTo}")]
    public static partial void Captured(ILogger logger, long sequence, int size, string savedTo);

    [LoggerMessage(404, LogLevel.Information, "Recorded {Path} ({Frames} frames, {Size} bytes)")]
    public static partial void Recorded(ILogger logger, string path, long frames, long size);

    [LoggerMessage(500, LogLevel.Information, "Published Home Assistant discovery for {CameraId} ({Count} config topics)")]
    public static partial void DiscoveryPublished(ILogger logger, string cameraId, int count);

    [LoggerMessage(501, LogLevel.Information, "Removed camera {CameraId} from Home Assistant")]
    public static partial void DiscoveryRemoved(ILogger logger, string cameraId);
}
