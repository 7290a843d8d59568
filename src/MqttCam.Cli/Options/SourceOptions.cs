using System.CommandLine;
using System.Globalization;
using MqttCam.Capture;
using MqttCam.Core.Settings;

namespace MqttCam.Cli.Options;

/// <summary>The camera options shared by capture, stream, record and bench: which source and at what size and rate.</summary>
public sealed class SourceOptions
{
    public Option<CaptureSourceKind> Source { get; } = new("--source")
    {
        Description = "Camera source: TestPattern, Rpicam, Ffmpeg or Files",
        DefaultValueFactory = _ => CaptureSourceKind.TestPattern,
    };

    public Option<string?> RpicamPath { get; } = new("--rpicam-path") { Description = "rpicam-vid program (default: rpicam-vid, then libcamera-vid, from PATH)" };

    public Option<string?> FfmpegInput { get; } = new("--ffmpeg-input") { Description = "ffmpeg input arguments for the Ffmpeg source, e.g. \"-f v4l2 -i /dev/video0\"" };

    public Option<string?> FilesDirectory { get; } = new("--files-dir") { Description = "Folder of JPEGs for the Files source" };

    // -h is help in every command (as everywhere), so the size options' short names are the capitals.
    public Option<int?> Width { get; } = new("--width", "-W") { Description = Describe("width") };

    public Option<int?> Height { get; } = new("--height", "-H") { Description = Describe("height") };

    public Option<int?> Quality { get; } = new("--quality", "-q") { Description = Describe("quality") };

    public Option<double?> Fps { get; } = new("--fps") { Description = Describe("fps") };

    public void AddTo(Command command, bool withSize = true)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Source);
        command.Options.Add(RpicamPath);
        command.Options.Add(FfmpegInput);
        command.Options.Add(FilesDirectory);
        command.Options.Add(Fps);
        if (withSize)
        {
            command.Options.Add(Width);
            command.Options.Add(Height);
            command.Options.Add(Quality);
        }
    }

    /// <exception cref="ArgumentException">An option is invalid (the message names it).</exception>
    public CaptureOptions ReadCapture(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var options = new CaptureOptions
        {
            Source = parse.GetValue(Source),
            RpicamPath = parse.GetValue(RpicamPath),
            FfmpegInput = parse.GetValue(FfmpegInput) ?? string.Empty,
            FilesDirectory = parse.GetValue(FilesDirectory),
        };
        options.ThrowIfInvalid();
        return options;
    }

    /// <summary>Camera settings with the requested size, quality and rate, checked by the shared settings schema.</summary>
    /// <exception cref="ArgumentException">A value is out of range (the message names it and the allowed range).</exception>
    public CameraSettings ReadSettings(ParseResult parse, CameraSettings? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var settings = defaults ?? new CameraSettings();
        var width = parse.GetValue(Width);
        var height = parse.GetValue(Height);

        // One dimension alone keeps the default shape, rounded to even (what camera ISPs want).
        if (width is not null && height is null)
        {
            height = EvenRound(width.Value * settings.Height / (double)settings.Width);
        }
        else if (height is not null && width is null)
        {
            width = EvenRound(height.Value * settings.Width / (double)settings.Height);
        }

        var errors = new List<string>();
        foreach (var (name, value) in new (string, string?)[]
        {
            ("width", Text(width)),
            ("height", Text(height)),
            ("quality", Text(parse.GetValue(Quality))),
            ("fps", parse.GetValue(Fps)?.ToString(CultureInfo.InvariantCulture)),
        })
        {
            if (value is null)
            {
                continue;
            }

            var result = CameraSettingsSchema.ApplyText(settings, name, value);
            if (result.IsSuccess)
            {
                settings = result.Settings;
            }
            else
            {
                errors.AddRange(result.Errors);
            }
        }

        return errors.Count == 0 ? settings : throw new ArgumentException(string.Join("; ", errors));
    }

    /// <summary>The help text from the setting's descriptor: what it is and what is allowed.</summary>
    private static string Describe(string setting)
    {
        var descriptor = CameraSettingsSchema.Find(setting)!;
        return $"{descriptor.Description} ({descriptor.Allowed})";
    }

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static int EvenRound(double value) => Math.Max(2, (int)Math.Round(value / 2) * 2);
}
