using Microsoft.Extensions.Logging;

namespace MqttCam.Capture;

/// <summary>
/// Capture's log events, ids 100-199. One row per event: id, name, level, message, then the <see cref="ILogger"/>
/// extension it generates (docs/architecture.md, "One logging style").
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, EventName = "CaptureSourceFailed", Level = LogLevel.Error, Message = "The {Kind} frame source stopped after an unexpected error")] public static partial void SourceFailed(this ILogger logger, string kind, Exception exception);

    public static void ProcessStarted(this ILogger logger, string kind, int processId, string program, IReadOnlyList<string> arguments)
    {
        // The command line is joined only when it will be written.
        if (logger.IsEnabled(LogLevel.Information))
        {
            var commandLine = string.Join(' ', arguments.Prepend(program));
            ProcessStarted(logger, kind, processId, commandLine);
        }
    }

    [LoggerMessage(EventId = 101, EventName = "CaptureProcessStarted", Level = LogLevel.Information, Message = "Started {Kind} camera process {ProcessId}: {CommandLine}")] private static partial void ProcessStarted(this ILogger logger, string kind, int processId, string commandLine);

    [LoggerMessage(EventId = 103, EventName = "CaptureProcessExited", Level = LogLevel.Warning, Message = "{Kind} camera process {ProcessId} exited with code {ExitCode}")] public static partial void ProcessExited(this ILogger logger, string kind, int processId, int exitCode);

    [LoggerMessage(EventId = 104, EventName = "CaptureProcessStalled", Level = LogLevel.Warning, Message = "{Kind} camera process {ProcessId} delivered no frame for {Timeout}; killing it")] public static partial void ProcessStalled(this ILogger logger, string kind, int processId, TimeSpan timeout);

    [LoggerMessage(EventId = 105, EventName = "CaptureProcessUnavailable", Level = LogLevel.Error, Message = "{Kind} camera cannot start: {Reason}")] public static partial void ProcessUnavailable(this ILogger logger, string kind, string reason);

    [LoggerMessage(EventId = 106, EventName = "CaptureRestartScheduled", Level = LogLevel.Information, Message = "Restarting the {Kind} camera in {Delay}")] public static partial void RestartScheduled(this ILogger logger, string kind, TimeSpan delay);

    [LoggerMessage(EventId = 107, EventName = "CaptureFirstFrame", Level = LogLevel.Information, Message = "{Kind} camera process {ProcessId} delivered its first frame ({Width}x{Height})")] public static partial void FirstFrame(this ILogger logger, string kind, int processId, int width, int height);

    [LoggerMessage(EventId = 108, EventName = "CaptureRestartForSettings", Level = LogLevel.Information, Message = "Restarting the {Kind} camera to apply {Settings}")] public static partial void RestartForSettings(this ILogger logger, string kind, IEnumerable<string> settings);

    [LoggerMessage(EventId = 109, EventName = "CaptureUnsupportedSettings", Level = LogLevel.Warning, Message = "The {Kind} source does not support {Settings}; the change has no effect")] public static partial void UnsupportedSettings(this ILogger logger, string kind, IEnumerable<string> settings);

    [LoggerMessage(EventId = 110, EventName = "CaptureFileSkipped", Level = LogLevel.Error, Message = "Skipping {Path}: {Reason}")] public static partial void FileSkipped(this ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 111, EventName = "CaptureFilesUnavailable", Level = LogLevel.Error, Message = "No frames to replay: {Reason}")] public static partial void FilesUnavailable(this ILogger logger, string reason);

    [LoggerMessage(EventId = 112, EventName = "CaptureProbeResult", Level = LogLevel.Information, Message = "ffprobe: input is {Codec} {Width}x{Height}; stream copy {CopyDecision}")] public static partial void ProbeResult(this ILogger logger, string codec, int width, int height, bool copyDecision);

    [LoggerMessage(EventId = 113, EventName = "CaptureProbeFailed", Level = LogLevel.Warning, Message = "ffprobe could not describe the input ({Reason}); re-encoding")] public static partial void ProbeFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 114, EventName = "CaptureFrameEncodeFailed", Level = LogLevel.Error, Message = "The {Kind} source could not encode a frame")] public static partial void FrameEncodeFailed(this ILogger logger, string kind, Exception exception);

    [LoggerMessage(EventId = 115, EventName = "CaptureMetadataUnavailable", Level = LogLevel.Warning, Message = "rpicam metadata pipe unavailable ({Reason}); exposure readings (and lock) are off")] public static partial void MetadataUnavailable(this ILogger logger, string reason);
}
