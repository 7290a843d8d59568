using Microsoft.Extensions.Logging;

namespace MqttCam.Device.Timelapse;

/// <summary>
/// Timelapse log events, ids 16xx (beside the device's 10xx-15xx). One row per event: id, name, level, message, then
/// the <see cref="ILogger"/> extension it generates (docs/architecture.md, "One logging style").
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1600, EventName = "TimelapseStarted", Level = LogLevel.Information, Message = "Timelapse started: {Schedule}, files {Pattern} under {Directory}")] public static partial void Started(this ILogger logger, string schedule, string pattern, string directory);

    [LoggerMessage(EventId = 1601, EventName = "TimelapseSaved", Level = LogLevel.Debug, Message = "Timelapse still {Counter} saved to {Path}")] public static partial void Saved(this ILogger logger, long counter, string path);

    [LoggerMessage(EventId = 1602, EventName = "TimelapseSaveFailed", Level = LogLevel.Error, Message = "Timelapse still not saved (the timelapse keeps running): {Reason}")] public static partial void SaveFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1603, EventName = "TimelapseDeleted", Level = LogLevel.Information, Message = "Timelapse retention deleted {Count} old stills")] public static partial void Deleted(this ILogger logger, int count);

    [LoggerMessage(EventId = 1604, EventName = "TimelapseStopped", Level = LogLevel.Information, Message = "Timelapse stopped after {Count} stills")] public static partial void Stopped(this ILogger logger, long count);
}
