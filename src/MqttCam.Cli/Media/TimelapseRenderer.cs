using System.Globalization;
using MqttCam.Cli.Output;
using MqttCam.Processes;

namespace MqttCam.Cli.Media;

/// <summary>
/// Turns a folder of stills into an MP4: the JPEGs are fed to ffmpeg one by one in name order (timelapse names sort by
/// time), which gives an exact progress count and works for any number of files without glob or list-file quirks.
/// </summary>
public static class TimelapseRenderer
{
    /// <returns>Images rendered.</returns>
    /// <exception cref="ArgumentException">The folder does not exist or holds no matching images.</exception>
    public static async Task<int> RenderAsync(Terminal terminal, string directory, string pattern, double fps, int? width, string mp4Path, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new ArgumentException($"folder '{directory}' does not exist");
        }

        if (fps is <= 0 or > 240)
        {
            throw new ArgumentException($"--fps must be from 0 to 240 (got {fps.ToString(CultureInfo.InvariantCulture)})");
        }

        var files = Directory.GetFiles(directory, pattern).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new ArgumentException($"no files matching '{pattern}' in '{directory}'");
        }

        // Stills may differ in size (a resolution change mid-timelapse): scale every one to the first's size.
        var scale = width is { } w ? $"scale={w}:-2" : "scale=trunc(iw/2)*2:trunc(ih/2)*2";
        var encoder = ToolProcess.StartFfmpeg(
        [
            "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            "-f", "image2pipe", "-c:v", "mjpeg", "-framerate", fps.ToString("0.###", CultureInfo.InvariantCulture), "-i", "pipe:0",
            "-vf", scale, "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "veryfast", "-movflags", "+faststart", "-f", "mp4", mp4Path,
        ]);
        await using (encoder.ConfigureAwait(false))
        {
            var progress = new ProgressBar(terminal, "rendering", files.Length);
            progress.Report(0);
            var rendered = 0;
            try
            {
                foreach (var file in files)
                {
                    var bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
                    if (!Imaging.JpegCodec.TryReadInfo(bytes, out _))
                    {
                        // One corrupt still must not spoil the whole film.
                        await terminal.Error.WriteLineAsync($"skipped {file}: not a JPEG").ConfigureAwait(false);
                        continue;
                    }

                    await encoder.Input.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                    rendered++;
                    progress.Report(rendered);
                }
            }
            catch (IOException ex) when (ex is not FileNotFoundException)
            {
                throw new IOException($"ffmpeg stopped taking images: {encoder.LastError()}", ex);
            }

            progress.Complete();
            encoder.Input.Close();
            if (rendered == 0)
            {
                throw new ArgumentException($"none of the {files.Length} files in '{directory}' is a JPEG");
            }

            await encoder.WaitForSuccessAsync(cancellationToken).ConfigureAwait(false);
            return rendered;
        }
    }
}
