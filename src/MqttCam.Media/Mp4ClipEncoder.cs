using System.Globalization;
using MqttCam.Processes;

namespace MqttCam.Media;

/// <summary>
/// ffmpeg turning JPEG frames written to its stdin into an H.264 MP4 (libx264, yuv420p, even size, faststart) at a
/// constant frame rate, so the clip lasts frames / fps whatever the camera's timing jitter. Used by the device's
/// <c>record</c> command and by <c>mqttcam record</c>. Disposing kills an unfinished encoder.
/// </summary>
public sealed class Mp4ClipEncoder : IAsyncDisposable
{
    private readonly ToolProcess _ffmpeg;

    private Mp4ClipEncoder(ToolProcess ffmpeg) => _ffmpeg = ffmpeg;

    /// <exception cref="FileNotFoundException">ffmpeg is not installed (the message says how to install it).</exception>
    public static Mp4ClipEncoder Start(double fps, string mp4Path, string ffmpeg = "ffmpeg") =>
        new(ToolProcess.StartFfmpeg(
        [
            "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            "-f", "mjpeg", "-framerate", fps.ToString("0.###", CultureInfo.InvariantCulture), "-i", "pipe:0",
            // yuv420p and even dimensions: what every player (and browsers) can decode.
            "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2", "-pix_fmt", "yuv420p",
            "-c:v", "libx264", "-preset", "veryfast", "-movflags", "+faststart", "-f", "mp4", mp4Path,
        ],
        program: ffmpeg));

    /// <exception cref="IOException">ffmpeg stopped taking frames (its last error is in the message).</exception>
    public async Task WriteFrameAsync(ReadOnlyMemory<byte> jpeg, CancellationToken cancellationToken)
    {
        try
        {
            await _ffmpeg.Input.WriteAsync(jpeg, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new IOException($"ffmpeg stopped taking frames: {_ffmpeg.LastError()}", ex);
        }
    }

    /// <summary>Ends the input and waits for ffmpeg to finish the file.</summary>
    /// <exception cref="IOException">ffmpeg failed (e.g. the disk is full); the message has its last error.</exception>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        try
        {
            _ffmpeg.Input.Close();
        }
        catch (IOException)
        {
            // Already gone: the exit code says why.
        }

        await _ffmpeg.WaitForSuccessAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _ffmpeg.DisposeAsync();
}
