using Microsoft.Extensions.Logging;

namespace MqttCam.Processes;

/// <summary>Forwards a child's stderr lines to the log and remembers the last one (it usually says why it failed).</summary>
public sealed class StderrCollector(ILogger logger, string kind, int processId)
{
    private const int MaxLineLength = 500;
    private volatile string? _lastLine;

    public string? LastLine => _lastLine;

    public async Task ReadAsync(StreamReader stderr)
    {
        try
        {
            while (await stderr.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                line = line.Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                if (line.Length > MaxLineLength)
                {
                    line = string.Concat(line.AsSpan(0, MaxLineLength), "…");
                }

                logger.ProcessOutput(kind, processId, line);
                _lastLine = line;
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The pipe went away with the process.
        }
    }
}
