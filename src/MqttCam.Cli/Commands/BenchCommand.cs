using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using MqttCam.Cli.Media;
using MqttCam.Cli.Options;
using MqttCam.Cli.Output;

namespace MqttCam.Cli.Commands;

/// <summary>
/// <c>mqttcam bench</c>: capture fps per resolution, like the original benchcamera.py (50 frames per size), but the
/// result is written as frames per second and milliseconds per frame so nobody has to guess which one it is.
/// </summary>
public static class BenchCommand
{
    private static readonly string[] s_defaultResolutions = ["1920x1080", "1280x720", "800x600", "640x480", "320x240"];

    public static Command Create(Terminal terminal)
    {
        var source = new SourceOptions();
        var frames = new Option<int>("--frames", "-n") { Description = "Frames measured per resolution", DefaultValueFactory = _ => 50 };
        var warmUp = new Option<int>("--warmup") { Description = "Frames discarded per resolution before measuring", DefaultValueFactory = _ => 3 };
        var resolutions = new Option<string[]>("--resolutions", "-r") { Description = "Sizes WxH to measure", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => s_defaultResolutions };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for each first frame", DefaultValueFactory = _ => 15 };
        var command = new Command("bench", "Measure capture frames per second per resolution") { frames, warmUp, resolutions, timeout };
        source.AddTo(command, withSize: false);
        command.Options.Add(source.Quality);
        command.SetAction((parse, cancellationToken) => CommandGuard.RunAsync(terminal, async () =>
        {
            var measured = parse.GetValue(frames);
            var discarded = parse.GetValue(warmUp);
            if (measured is < 1 or > 100_000 || discarded is < 0 or > 1000)
            {
                throw new ArgumentException("--frames must be from 1 to 100000 and --warmup from 0 to 1000");
            }

            var sizes = (parse.GetValue(resolutions) ?? s_defaultResolutions).SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToArray();
            var capture = source.ReadCapture(parse);

            // Like benchcamera.py: ask for far more than the camera can do, so the camera is the limit.
            var baseSettings = source.ReadSettings(parse) with { Fps = parse.GetValue(source.Fps) ?? 90 };
            var table = new TextTable("resolution", "frames", "seconds", "fps", "ms/frame", "KiB/frame");
            var progress = new ProgressBar(terminal, "bench", (long)measured * sizes.Length);
            long done = 0;
            foreach (var size in sizes)
            {
                var settings = Settings.CameraSettingsSchema.ApplyText(baseSettings, Settings.CameraSettingsSchema.ResolutionAlias, size);
                if (!settings.IsSuccess)
                {
                    throw new ArgumentException(settings.ErrorMessage);
                }

                var seen = 0;
                long bytes = 0;
                var clock = new Stopwatch();
                await FrameFeed.FromSourceAsync(capture, settings.Settings, NullLoggerFactory.Instance, TimeSpan.FromSeconds(parse.GetValue(timeout)), (jpeg, _, _, _) =>
                {
                    if (seen++ == discarded)
                    {
                        clock.Start();
                        return ValueTask.FromResult(true);
                    }

                    if (seen <= discarded)
                    {
                        return ValueTask.FromResult(true);
                    }

                    bytes += jpeg.Length;
                    progress.Report(++done);
                    return ValueTask.FromResult(seen <= discarded + measured);
                }, cancellationToken).ConfigureAwait(false);
                clock.Stop();

                // The clock starts at the first kept frame, so it spans (measured) frame intervals.
                var counted = Math.Max(0, seen - discarded - 1);
                var elapsed = clock.Elapsed.TotalSeconds;
                var fps = elapsed > 0 ? counted / elapsed : 0;
                table.AddRow(
                    size,
                    counted.ToString(CultureInfo.InvariantCulture),
                    elapsed.ToString("0.000", CultureInfo.InvariantCulture),
                    fps.ToString("0.0", CultureInfo.InvariantCulture),
                    (counted > 0 ? elapsed * 1000 / counted : 0).ToString("0.0", CultureInfo.InvariantCulture),
                    (counted > 0 ? bytes / 1024.0 / counted : 0).ToString("0.0", CultureInfo.InvariantCulture));
            }

            progress.Complete();
            await terminal.Output.WriteAsync(table.ToString()).ConfigureAwait(false);
            return CommandGuard.Ok;
        }));
        return command;
    }
}
