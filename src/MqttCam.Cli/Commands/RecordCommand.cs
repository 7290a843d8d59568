using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using MqttCam.Capture;
using MqttCam.Capture.Processes;
using MqttCam.Cli.Media;
using MqttCam.Cli.Options;
using MqttCam.Cli.Output;

namespace MqttCam.Cli.Commands;

/// <summary>
/// <c>mqttcam record --seconds 7 -o clip.mp4</c>: H.264 straight from rpicam-vid when that is the source (the Pi's
/// hardware encoder, copied into MP4 without re-encoding); otherwise the MJPEG frames encoded with ffmpeg's libx264.
/// </summary>
public static class RecordCommand
{
    public static Command Create(Terminal terminal)
    {
        var source = new SourceOptions();
        var output = new Option<string>("--output", "-o") { Description = "MP4 file to write", Required = true };
        var seconds = new Option<double>("--seconds", "-t") { Description = "Length of the clip", DefaultValueFactory = _ => 7 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the first frame", DefaultValueFactory = _ => 15 };
        var command = new Command("record", "Record an MP4 clip (H.264) from a camera source") { output, seconds, timeout };
        source.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandGuard.RunAsync(terminal, async () =>
        {
            var length = parse.GetValue(seconds);
            if (length is <= 0 or > 86_400)
            {
                throw new ArgumentException($"--seconds must be from 0 to 86400 (got {length.ToString(CultureInfo.InvariantCulture)})");
            }

            var path = Path.GetFullPath(parse.GetValue(output)!);
            var capture = source.ReadCapture(parse);
            var settings = source.ReadSettings(parse);
            var directory = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(directory);

            // ffmpeg writes a temporary file that is renamed at the end: a failed or cancelled recording never leaves
            // a half-written MP4 under the requested name.
            var temporary = Path.Combine(directory, $".{Path.GetFileNameWithoutExtension(path)}.{Guid.NewGuid():N}.mp4");
            try
            {
                var rpicam = capture.Source == CaptureSourceKind.Rpicam
                    ? ExecutableLocator.Find(string.IsNullOrWhiteSpace(capture.RpicamPath) ? "rpicam-vid" : capture.RpicamPath)
                    : null;
                string how;
                if (rpicam is not null)
                {
                    await ClipRecorder.RecordRpicamH264Async(rpicam, settings, length, temporary, cancellationToken).ConfigureAwait(false);
                    how = "H.264 from rpicam-vid";
                }
                else
                {
                    var frames = await ClipRecorder.RecordMjpegAsync(terminal, capture, settings, NullLoggerFactory.Instance, length, TimeSpan.FromSeconds(parse.GetValue(timeout)), temporary, cancellationToken).ConfigureAwait(false);
                    how = $"{frames} MJPEG frames encoded with libx264";
                }

                File.Move(temporary, path, overwrite: true);
                await terminal.Output.WriteLineAsync($"{path}: {length.ToString("0.###", CultureInfo.InvariantCulture)} s at {settings.Width}x{settings.Height}, {how}").ConfigureAwait(false);
                return CommandGuard.Ok;
            }
            finally
            {
                File.Delete(temporary);
            }
        }));
        return command;
    }
}
