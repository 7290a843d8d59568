using Microsoft.Extensions.Logging;

namespace MqttCam.Processes;

/// <summary>
/// Child-process log events, ids 400-499. One row per event: id, name, level, message, then the
/// <see cref="ILogger"/> extension it generates (docs/architecture.md, "One logging style").
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 400, EventName = "ProcessOutput", Level = LogLevel.Information, Message = "{Kind} process {ProcessId}: {Line}")] public static partial void ProcessOutput(this ILogger logger, string kind, int processId, string line);
}
