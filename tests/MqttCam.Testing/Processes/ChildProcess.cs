using System.Diagnostics;
using System.Text;

namespace MqttCam.Testing.Processes;

/// <summary>
/// A real child process for tests: output captured into a buffer, awaitable output lines and exit, SIGKILL of the
/// whole tree. Disposing kills it. Every wait takes a timeout; nothing sleeps.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable, IDisposable
{
    private readonly Process _process;
    private readonly Lock _sync = new();
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Completion)> _lineWaiters = [];
    private readonly MemoryStream? _stdoutBytes;
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private bool _disposed;

    private ChildProcess(Process process, bool binaryStdout)
    {
        _process = process;
        _stdoutBytes = binaryStdout ? new MemoryStream() : null;
        _stdoutPump = binaryStdout ? PumpBytesAsync(process.StandardOutput.BaseStream) : PumpLinesAsync(process.StandardOutput);
        _stderrPump = PumpLinesAsync(process.StandardError);
    }

    /// <summary>Raised on a reader thread for every stdout (text mode) and stderr line as it arrives (e.g. to timestamp it).</summary>
    public event Action<string>? OutputLineReceived;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Open only with <see cref="ChildProcessOptions.RedirectStandardInput"/>.</summary>
    public Stream StandardInput => _process.StandardInput.BaseStream;

    /// <summary>Starts <paramref name="fileName"/> (a path or a name on PATH) with arguments passed verbatim (no shell).</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, ChildProcessOptions? options = null)
    {
        options ??= new ChildProcessOptions();
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = options.WorkingDirectory ?? string.Empty,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach ((string key, string? value) in options.Environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        if (!options.RedirectStandardInput)
        {
            process.StandardInput.Close();
        }

        return new ChildProcess(process, options.BinaryStandardOutput);
    }

    /// <summary>Every stdout (text mode) and stderr line so far, in arrival order.</summary>
    public IReadOnlyList<string> GetOutputLines()
    {
        lock (_sync)
        {
            return [.. _lines];
        }
    }

    public string GetOutput() => string.Join('\n', GetOutputLines());

    /// <summary>Raw stdout; waits for the stream to end when the process has exited so nothing is cut off.</summary>
    public byte[] GetStandardOutputBytes()
    {
        if (_stdoutBytes is null)
        {
            throw new InvalidOperationException("Start the process with BinaryStandardOutput = true to read raw stdout.");
        }

        lock (_sync)
        {
            return _stdoutBytes.ToArray();
        }
    }

    /// <summary>Completes with the first line (already seen or future) matching <paramref name="predicate"/>.</summary>
    public Task<string> WaitForOutputLineAsync(Func<string, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var completion = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_sync)
        {
            string? seen = _lines.FirstOrDefault(predicate);
            if (seen is not null)
            {
                return Task.FromResult(seen);
            }

            _lineWaiters.Add((predicate, completion));
        }

        return WithTimeoutAsync(completion.Task, timeout, "an output line matching the condition", cancellationToken);
    }

    /// <summary>Waits for exit (and for the output to be fully read); returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await WithTimeoutAsync(_process.WaitForExitAsync(cancellationToken), timeout, "the process to exit", cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL to the process and all its descendants: no cleanup, no goodbye (e.g. no MQTT DISCONNECT).</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>SIGTERM: asks the process to shut down gracefully.</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
        {
            _ = PosixSignal.Kill(_process.Id, PosixSignal.SIGTERM);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Kill();
        _process.WaitForExit(5000);
        _process.Dispose();
        _stdoutBytes?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        Kill();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Reported by the test that needed the process; disposal must not hang.
        }

        Dispose();
    }

    public override string ToString() => $"{_process.StartInfo.FileName} (pid {_process.Id})";

    private async Task WithTimeoutAsync(Task task, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"Timed out after {timeout} waiting for {what} from {this}. Output so far:\n{GetOutput()}", ex);
        }
    }

    private async Task<string> WithTimeoutAsync(Task<string> task, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        await WithTimeoutAsync((Task)task, timeout, what, cancellationToken).ConfigureAwait(false);
        return await task.ConfigureAwait(false);
    }

    private async Task PumpLinesAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            AddLine(line);
        }
    }

    private async Task PumpBytesAsync(Stream stream)
    {
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            lock (_sync)
            {
                _stdoutBytes!.Write(buffer, 0, read);
            }
        }
    }

    private void AddLine(string line)
    {
        List<TaskCompletionSource<string>>? matched = null;
        lock (_sync)
        {
            _lines.Add(line);
            for (int i = _lineWaiters.Count - 1; i >= 0; i--)
            {
                if (_lineWaiters[i].Predicate(line))
                {
                    (matched ??= []).Add(_lineWaiters[i].Completion);
                    _lineWaiters.RemoveAt(i);
                }
            }
        }

        matched?.ForEach(c => c.TrySetResult(line));
        OutputLineReceived?.Invoke(line);
    }
}
