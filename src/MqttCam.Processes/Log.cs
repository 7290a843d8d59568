using Microsoft.Extensions.Logging;

namespace MqttCam.Processes;

/// <summary>Child-process log events (ids 400-499).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 400, EventName = "ProcessOutput", Level = LogLevel.Information, Message = "{Kind} process {ProcessId}: {Line}")]
    public static partial void ProcessOutput(ILogger logger, string kind, int processId, string line);
}
