using System.ComponentModel;
using System.Diagnostics;

namespace MqttCam.Processes;

/// <summary>
/// A child program (ffmpeg, rpicam-vid) with stdin/stdout as raw byte streams and stderr kept (last lines) for the error
/// message. Disposing kills it if it is still running, so a cancelled command never leaves an encoder behind.
/// </summary>
public sealed class ToolProcess : IAsyncDisposable
{
    private const int KeptErrorLines = 20;

    private readonly Process _process;
    private readonly string _name;
    private readonly Queue<string> _errorLines = new();
    private readonly Lock _errorLock = new();

    private ToolProcess(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    public Stream Input => _process.StandardInput.BaseStream;

    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>Each stderr line as it arrives (ffmpeg writes progress there).</summary>
    public event Action<string>? ErrorLine;

    /// <exception cref="FileNotFoundException">The program is not installed (the message names the package).</exception>
    public static ToolProcess Start(string program, string installHint, IEnumerable<string> arguments, bool redirectInput, bool redirectOutput)
    {
        var path = ExecutableLocator.Find(program) ?? throw new FileNotFoundException($"{program} not found on PATH: {installHint}");
        var startInfo = ProcessGroup.StartInfo(path, arguments, redirectInput, redirectOutput);
        var process = new Process { StartInfo = startInfo };
        var tool = new ToolProcess(process, Path.GetFileName(program));
        process.ErrorDataReceived += (_, e) => tool.OnErrorLine(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            // Found but not runnable (permissions, wrong architecture): as good as missing for the caller.
            process.Dispose();
            throw new FileNotFoundException($"{path} could not be started: {ex.Message}", ex);
        }

        process.BeginErrorReadLine();
        return tool;
    }

    public static ToolProcess StartFfmpeg(IEnumerable<string> arguments, bool redirectInput = true, bool redirectOutput = false, string program = "ffmpeg") =>
        Start(program, "apt-get install ffmpeg", arguments, redirectInput, redirectOutput);

    /// <summary>Waits for the exit; a non-zero code throws with the program's last error lines.</summary>
    /// <exception cref="IOException">The program failed.</exception>
    public async Task WaitForSuccessAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (_process.ExitCode != 0)
        {
            throw new IOException($"{_name} exited with code {_process.ExitCode}: {LastError()}");
        }
    }

    public string LastError()
    {
        lock (_errorLock)
        {
            return _errorLines.Count == 0 ? "(no output)" : string.Join(" | ", _errorLines.TakeLast(3));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                ProcessGroup.Kill(_process);
                await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
    }

    private void OnErrorLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (_errorLock)
        {
            _errorLines.Enqueue(line);
            if (_errorLines.Count > KeptErrorLines)
            {
                _errorLines.Dequeue();
            }
        }

        ErrorLine?.Invoke(line);
    }
}
