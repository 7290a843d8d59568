using System.Globalization;
using MqttCam.Core.Settings;

namespace MqttCam.Capture.Ffmpeg;

/// <summary>Builds the ffmpeg command line that turns any input into an MJPEG stream on stdout.</summary>
public static class FfmpegArguments
{
    /// <summary>The settings ffmpeg is given (its filters and encoder are set at start, so each needs a restart).</summary>
    public static IReadOnlyCollection<string> Supported { get; } = CameraSettingsSchema.NamesFor(SettingTargets.Ffmpeg);

    /// <summary>ffmpeg's MJPEG quantiser scale: 2 (best) to 31 (worst), mapped linearly from quality 100..1.</summary>
    public static int QualityToQScale(int quality)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        return (int)Math.Round(2 + ((100 - quality) * 29 / 99.0), MidpointRounding.AwayFromZero);
    }

    /// <summary>True when the frames must be transformed (flipped or rotated), which stream copy cannot do.</summary>
    public static bool NeedsTransform(CameraSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.HorizontalFlip || settings.VerticalFlip || settings.Rotation == 180;
    }

    public static IReadOnlyList<string> Build(IReadOnlyList<string> input, CameraSettings settings, bool copy)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        var args = new List<string> { "-nostdin", "-hide_banner", "-loglevel", "error" };
        args.AddRange(input);
        args.Add("-an");
        if (copy)
        {
            // The input's JPEGs pass through untouched; the source drops surplus frames to keep the rate.
            args.AddRange(["-c:v", "copy"]);
        }
        else
        {
            args.AddRange(["-vf", Filters(settings), "-q:v", QualityToQScale(settings.Quality).ToString(CultureInfo.InvariantCulture)]);
        }

        args.AddRange(["-f", "mjpeg", "-"]);
        return args;
    }

    private static string Filters(CameraSettings settings)
    {
        var filters = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"fps={settings.Fps:0.####}"),
            string.Create(CultureInfo.InvariantCulture, $"scale={settings.Width}:{settings.Height}"),
        };

        // A 180° rotation is both flips, so each flip applies when exactly one of (flip, rotation) asks for it.
        var upsideDown = settings.Rotation == 180;
        if (settings.HorizontalFlip != upsideDown)
        {
            filters.Add("hflip");
        }

        if (settings.VerticalFlip != upsideDown)
        {
            filters.Add("vflip");
        }

        return string.Join(',', filters);
    }
}
