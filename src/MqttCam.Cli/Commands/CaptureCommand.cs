using System.CommandLine;
using MqttCam.Capture.Stills;
using MqttCam.Cli.Options;
using MqttCam.Cli.Output;
using MqttCam.Cli.Stills;
using MqttCam.Core.Files;
using Microsoft.Extensions.Logging.Abstractions;

namespace MqttCam.Cli.Commands;

/// <summary><c>mqttcam capture -o foo.jpg [--width --height --quality] [--from-mqtt]</c>: one still to a file or stdout.</summary>
public static class CaptureCommand
{
    public static Command Create(Terminal terminal)
    {
        var source = new SourceOptions();
        var broker = new BrokerOptions();
        var output = new Option<string>("--output", "-o") { Description = "File to write, or - for stdout", Required = true };
        var fromMqtt = new Option<bool>("--from-mqtt") { Description = "Take the retained frame of a running device instead of opening a camera" };
        var warmUp = new Option<int>("--warmup") { Description = "Frames to discard first so exposure settles", DefaultValueFactory = _ => 0 };
        var command = new Command("capture", "Capture one JPEG to a file (or stdout) from a camera or a running device") { output, fromMqtt, warmUp };
        source.AddTo(command);
        broker.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandGuard.RunAsync(terminal, async () =>
        {
            var path = parse.GetValue(output)!;
            var width = parse.GetValue(source.Width);
            var height = parse.GetValue(source.Height);
            var quality = parse.GetValue(source.Quality);
            var timeout = broker.ReadTimeout(parse);
            CapturedImage image;
            if (parse.GetValue(fromMqtt))
            {
                image = await RetainedFrameReader.ReadAsync(broker.ReadClient(parse), broker.ReadTopics(parse), timeout, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // The camera is asked for the size itself: no full-resolution capture to shrink afterwards.
                var settings = source.ReadSettings(parse);
                var frames = parse.GetValue(warmUp);
                ArgumentOutOfRangeException.ThrowIfNegative(frames, "--warmup");
                image = await StillCapture.CaptureAsync(source.ReadCapture(parse), settings, timeout, frames, NullLoggerFactory.Instance, cancellationToken: cancellationToken).ConfigureAwait(false);
                quality = null;
            }

            // Bounds the size where the source could not (files, a device at another resolution); a no-op otherwise.
            image = image.Resize(width, height, quality);
            if (path == "-")
            {
                var stdout = Console.OpenStandardOutput();
                await using (stdout.ConfigureAwait(false))
                {
                    await stdout.WriteAsync(image.Jpeg, cancellationToken).ConfigureAwait(false);
                }

                return CommandGuard.Ok;
            }

            await AtomicFile.WriteAllBytesAsync(path, image.Jpeg, cancellationToken).ConfigureAwait(false);
            await terminal.Output.WriteLineAsync($"{path}: {image.Width}x{image.Height}, {image.Jpeg.Length} bytes").ConfigureAwait(false);
            return CommandGuard.Ok;
        }));
        return command;
    }
}
