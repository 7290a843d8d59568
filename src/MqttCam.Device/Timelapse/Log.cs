using Microsoft.Extensions.Logging;

namespace MqttCam.Device.Timelapse;

/// <summary>Timelapse log lines (ids 16xx, beside the device's 10xx-15xx).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1600, EventName = "TimelapseStarted", Level = LogLevel.Information, Message = "Timelapse started: {Schedule}, files {Pattern} under {Directory}")]
    public static partial void Started(ILogger logger, string schedule, string pattern, string directory);

    [LoggerMessage(EventId = 1601, EventName = "TimelapseSaved", Level = LogLevel.Debug, Message = "Timelapse still {Counter} saved to {Path}")]
    public static partial void Saved(ILogger logger, long counter, string path);

    [LoggerMessage(EventId = 1602, EventName = "TimelapseSaveFailed", Level = LogLevel.Error, Message = "Timelapse still not saved (the timelapse keeps running): {Reason}")]
    public static partial void SaveFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1603, EventName = "TimelapseDeleted", Level = LogLevel.Information, Message = "Timelapse retention deleted {Count} old stills")]
    public static partial void Deleted(ILogger logger, int count);

    [LoggerMessage(EventId = 1604, EventName = "TimelapseStopped", Level = LogLevel.Information, Message = "Timelapse stopped after {Count} stills")]
    public static partial void Stopped(ILogger logger, long count);
}
