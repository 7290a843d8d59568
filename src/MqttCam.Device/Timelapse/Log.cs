using Microsoft.Extensions.Logging;

namespace MqttCam.Device.Timelapse;

/// <summary>Timelapse log lines (ids 6xx).</summary>
internal static partial class Log
{
    [LoggerMessage(600, LogLevel.Information, "Timelapse started: {Schedule}, files {Pattern} under {Directory}")]
    public static partial void Started(ILogger logger, string schedule, string pattern, string directory);

    [LoggerMessage(601, LogLevel.Debug, "Timelapse still {Counter} saved to {Path}")]
    public static partial void Saved(ILogger logger, long counter, string path);

    [LoggerMessage(602, LogLevel.Error, "Timelapse still not saved (the timelapse keeps running): {Reason}")]
    public static partial void SaveFailed(ILogger logger, string reason);

    [LoggerMessage(603, LogLevel.Information, "Timelapse retention deleted {Count} old stills")]
    public static partial void Deleted(ILogger logger, int count);

    [LoggerMessage(604, LogLevel.Information, "Timelapse stopped after {Count} stills")]
    public static partial void Stopped(ILogger logger, long count);
}
