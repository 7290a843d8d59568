using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using MqttCam.Capture.Processes;

namespace MqttCam.Device.Recording;

/// <summary>
/// ffmpeg encoding JPEG frames written to its stdin into an H.264 MP4 (libx264, yuv420p, even size, faststart), at a
/// constant frame rate so the clip lasts frames / fps whatever the camera's jitter. Disposing kills it if unfinished.
/// </summary>
internal sealed class MjpegClipEncoder : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _errors = new();
    private readonly Lock _errorLock = new();

    private MjpegClipEncoder(Process process) => _process = process;

    /// <exception cref="FileNotFoundException">ffmpeg is not installed.</exception>
    public static MjpegClipEncoder Start(string ffmpeg, double fps, string mp4Path)
    {
        var path = ExecutableLocator.Find(ffmpeg) ?? throw new FileNotFoundException($"{ffmpeg} not found: install ffmpeg (sudo apt install ffmpeg) to record");
        var start = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            "-f", "mjpeg", "-framerate", fps.ToString("0.###", CultureInfo.InvariantCulture), "-i", "pipe:0",
            "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2", "-pix_fmt", "yuv420p",
            "-c:v", "libx264", "-preset", "veryfast", "-movflags", "+faststart", "-f", "mp4", mp4Path,
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var encoder = new MjpegClipEncoder(process);
        process.ErrorDataReceived += (_, e) => encoder.OnError(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new FileNotFoundException($"{path} could not be started: {ex.Message}", ex);
        }

        process.BeginErrorReadLine();
        return encoder;
    }

    /// <exception cref="IOException">ffmpeg stopped taking frames (its last error is in the message).</exception>
    public async Task WriteFrameAsync(ReadOnlyMemory<byte> jpeg, CancellationToken cancellationToken)
    {
        try
        {
            await _process.StandardInput.BaseStream.WriteAsync(jpeg, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new IOException($"ffmpeg stopped taking frames: {LastError()}", ex);
        }
    }

    /// <summary>Ends the input and waits for ffmpeg to finish the file.</summary>
    /// <exception cref="IOException">ffmpeg failed (e.g. the disk is full); the message has its last error.</exception>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone: the exit code below says why.
        }

        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (_process.ExitCode != 0)
        {
            throw new IOException($"ffmpeg exited with code {_process.ExitCode}: {LastError()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already reaped.
        }

        _process.Dispose();
    }

    private string LastError()
    {
        lock (_errorLock)
        {
            return _errors.Count == 0 ? "(no output)" : string.Join(" | ", _errors);
        }
    }

    private void OnError(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (_errorLock)
        {
            _errors.Enqueue(line.Trim());
            if (_errors.Count > 3)
            {
                _errors.Dequeue();
            }
        }
    }
}
