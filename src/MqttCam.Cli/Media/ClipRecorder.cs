using System.Globalization;
using Microsoft.Extensions.Logging;
using MqttCam.Capture;
using MqttCam.Cli.Output;
using MqttCam.Media;
using MqttCam.Processes;
using MqttCam.Core.Settings;

namespace MqttCam.Cli.Media;

/// <summary>The two ways to make an MP4: rpicam-vid's own H.264, or MJPEG frames encoded by ffmpeg.</summary>
public static class ClipRecorder
{
    /// <summary>
    /// rpicam-vid encodes H.264 itself (in hardware on a Pi); ffmpeg only wraps the elementary stream into MP4
    /// (<c>-c copy</c>), so recording costs almost no CPU.
    /// </summary>
    public static async Task RecordRpicamH264Async(string rpicam, CameraSettings settings, double seconds, string mp4Path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var fps = Format(settings.EffectiveFps);
        var camera = ToolProcess.Start(rpicam, "install rpicam-apps (Raspberry Pi OS: sudo apt install rpicam-apps)",
        [
            "--codec", "h264", "--inline", "--nopreview", "-o", "-",
            "-t", Format(Math.Round(seconds * 1000)),
            "--width", Format(settings.Width), "--height", Format(settings.Height), "--framerate", fps,
        ], redirectInput: false, redirectOutput: true);
        await using (camera.ConfigureAwait(false))
        {
            var muxer = ToolProcess.StartFfmpeg(
            [
                "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                "-f", "h264", "-framerate", fps, "-i", "pipe:0",
                "-c", "copy", "-movflags", "+faststart", "-f", "mp4", mp4Path,
            ]);
            await using (muxer.ConfigureAwait(false))
            {
                await camera.Output.CopyToAsync(muxer.Input, cancellationToken).ConfigureAwait(false);
                muxer.Input.Close();
                await camera.WaitForSuccessAsync(cancellationToken).ConfigureAwait(false);
                await muxer.WaitForSuccessAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Pipes exactly <c>seconds x fps</c> frames into ffmpeg at a constant frame rate, so the clip has the asked length
    /// whatever the camera's timing jitter.
    /// </summary>
    /// <returns>Frames encoded.</returns>
    public static async Task<long> RecordMjpegAsync(Terminal terminal, CaptureOptions capture, CameraSettings settings, ILoggerFactory loggerFactory, double seconds, TimeSpan firstFrameTimeout, string mp4Path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var fps = settings.EffectiveFps;
        var wanted = Math.Max(1, (long)Math.Round(seconds * fps));
        var encoder = Mp4ClipEncoder.Start(fps, mp4Path);
        await using (encoder.ConfigureAwait(false))
        {
            var progress = new ProgressBar(terminal, "recording", wanted);
            long written = 0;
            await FrameFeed.FromSourceAsync(capture, settings, loggerFactory, firstFrameTimeout, async (jpeg, _, _, token) =>
            {
                await encoder.WriteFrameAsync(jpeg, token).ConfigureAwait(false);
                progress.Report(++written);
                return written < wanted;
            }, cancellationToken).ConfigureAwait(false);

            progress.Complete();
            await encoder.CompleteAsync(cancellationToken).ConfigureAwait(false);
            return written;
        }
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
