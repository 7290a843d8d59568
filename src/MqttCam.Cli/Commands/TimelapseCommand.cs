using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using MqttCam.Cli.Media;
using MqttCam.Cli.Output;
using MqttCam.Contracts;

namespace MqttCam.Cli.Commands;

/// <summary>
/// <c>mqttcam timelapse start|stop|status</c> drive a device's timelapse over MQTT;
/// <c>mqttcam timelapse render &lt;folder&gt; -o film.mp4</c> turns the stills into a video.
/// </summary>
public static class TimelapseCommand
{
    public static Command Create(Terminal terminal)
    {
        return new Command("timelapse", "Start, stop or query a device's timelapse; render stills into an MP4")
        {
            CreateRender(terminal),
            CreateStart(terminal),
            DeviceCommand.CreateFixed(terminal, "stop", DeviceCommands.Get(DeviceCommands.TimelapseStop)),
            DeviceCommand.CreateFixed(terminal, "status", DeviceCommands.Get(DeviceCommands.TimelapseStatus)),
        };
    }

    private static Command CreateStart(Terminal terminal)
    {
        var interval = new Option<double?>("--interval") { Description = "Seconds between stills" };
        var every = new Option<string?>("--every") { Description = "Clock-aligned: minute, hour or day" };
        var at = new Option<string[]>("--at") { Description = "Clock times HH:mm (repeatable)", AllowMultipleArgumentsPerToken = true };
        var name = new Option<string?>("--name") { Description = "File name pattern, e.g. tl-{counter:0000}.jpg" };
        var maxFiles = new Option<int?>("--max-files") { Description = "Keep at most this many stills" };
        var maxBytes = new Option<long?>("--max-bytes") { Description = "Keep at most this many bytes of stills" };
        var maxAge = new Option<double?>("--max-age-hours") { Description = "Delete stills older than this" };
        var command = DeviceCommand.CreateFixed(terminal, "start", DeviceCommands.Get(DeviceCommands.TimelapseStart), parse =>
        {
            var arguments = new JsonObject();
            Add(arguments, "interval_seconds", parse.GetValue(interval));
            Add(arguments, "every", parse.GetValue(every));
            if (parse.GetValue(at) is { Length: > 0 } times)
            {
                arguments["at"] = new JsonArray([.. times.Select(t => JsonValue.Create(t))]);
            }

            Add(arguments, "name", parse.GetValue(name));
            Add(arguments, "max_files", parse.GetValue(maxFiles));
            Add(arguments, "max_bytes", parse.GetValue(maxBytes));
            Add(arguments, "max_age_hours", parse.GetValue(maxAge));
            return arguments;
        });
        foreach (var option in new Option[] { interval, every, at, name, maxFiles, maxBytes, maxAge })
        {
            command.Options.Add(option);
        }

        return command;
    }

    // JsonNode's implicit conversions from primitives keep this AOT-safe (no reflection-based JsonValue.Create<T>).
    private static void Add(JsonObject arguments, string key, JsonNode? value)
    {
        if (value is not null)
        {
            arguments[key] = value;
        }
    }

    private static Command CreateRender(Terminal terminal)
    {
        var folder = new Argument<string>("folder") { Description = "Folder of JPEG stills" };
        var output = new Option<string>("--output", "-o") { Description = "MP4 file to write", Required = true };
        var fps = new Option<double>("--fps") { Description = "Frames per second of the film", DefaultValueFactory = _ => 25 };
        var pattern = new Option<string>("--pattern") { Description = "Which files", DefaultValueFactory = _ => "*.jpg" };
        var width = new Option<int?>("--width", "-W") { Description = "Scale the film to this width" };
        var command = new Command("render", "Render a folder of stills (name order) into an MP4 with ffmpeg") { folder, output, fps, pattern, width };
        command.SetAction((parse, cancellationToken) => CommandGuard.RunAsync(terminal, async () =>
        {
            var path = Path.GetFullPath(parse.GetValue(output)!);
            var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileNameWithoutExtension(path)}.{Guid.NewGuid():N}.mp4");
            try
            {
                var frames = await TimelapseRenderer.RenderAsync(terminal, parse.GetValue(folder)!, parse.GetValue(pattern)!, parse.GetValue(fps), parse.GetValue(width), temporary, cancellationToken).ConfigureAwait(false);
                File.Move(temporary, path, overwrite: true);
                await terminal.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{path}: {frames} frames at {parse.GetValue(fps):0.###} fps")).ConfigureAwait(false);
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
