using System.Globalization;
using MqttCam.Settings;

namespace MqttCam.Capture.Processes;

/// <summary>
/// Maps <see cref="CameraSettings"/> onto rpicam-vid options. Size, rate and quality are always passed (rpicam's own
/// defaults differ from ours); every other option is omitted while it has its default or automatic value, so the
/// camera stack keeps deciding what it decides best.
/// </summary>
public static class RpicamArguments
{
    /// <summary>Every setting rpicam-vid understands; it reads them only at start, so each one needs a restart.</summary>
    public static IReadOnlyCollection<string> Supported { get; } =
    [
        "width", "height", "fps", "quality", "rotation", "hflip", "vflip", "exposure", "shutter", "gain", "ev", "awb",
        "awb_gains", "brightness", "contrast", "saturation", "sharpness", "denoise", "roi",
    ];

    /// <param name="settings">What to capture.</param>
    /// <param name="metadataPath">Where rpicam writes per-frame JSON metadata (exposure, gains), or null for none.</param>
    public static IReadOnlyList<string> Build(CameraSettings settings, string? metadataPath = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var defaults = new CameraSettings();
        var args = new List<string>
        {
            "--codec", "mjpeg", "-o", "-", "-t", "0", "--nopreview", "--flush",
            "--width", Format(settings.Width),
            "--height", Format(settings.Height),
            // A long shutter needs a long frame: ask the camera for the rate the shutter allows.
            "--framerate", Format(settings.EffectiveFps),
            "-q", Format(settings.Quality),
        };

        if (settings.Rotation == 180)
        {
            args.AddRange(["--rotation", "180"]);
        }

        if (settings.HorizontalFlip)
        {
            args.Add("--hflip");
        }

        if (settings.VerticalFlip)
        {
            args.Add("--vflip");
        }

        AddUnless(args, "--exposure", settings.Exposure, defaults.Exposure);
        if (settings.ShutterMicroseconds > 0)
        {
            args.AddRange(["--shutter", Format(settings.ShutterMicroseconds)]);
        }

        if (settings.Gain > 0)
        {
            args.AddRange(["--gain", Format(settings.Gain)]);
        }

        AddUnless(args, "--ev", settings.Ev, defaults.Ev);
        AddUnless(args, "--awb", settings.Awb, defaults.Awb);
        if (!settings.AwbGains.IsAutomatic)
        {
            args.AddRange(["--awbgains", settings.AwbGains.ToString()]);
        }

        AddUnless(args, "--brightness", settings.Brightness, defaults.Brightness);
        AddUnless(args, "--contrast", settings.Contrast, defaults.Contrast);
        AddUnless(args, "--saturation", settings.Saturation, defaults.Saturation);
        AddUnless(args, "--sharpness", settings.Sharpness, defaults.Sharpness);
        AddUnless(args, "--denoise", settings.Denoise, defaults.Denoise);
        if (!settings.Roi.IsFull)
        {
            args.AddRange(["--roi", settings.Roi.ToString()]);
        }

        if (metadataPath is not null)
        {
            args.AddRange(["--metadata", metadataPath, "--metadata-format", "json"]);
        }

        return args;
    }

    private static void AddUnless(List<string> args, string option, string value, string defaultValue)
    {
        if (!string.Equals(value, defaultValue, StringComparison.OrdinalIgnoreCase))
        {
            args.AddRange([option, value]);
        }
    }

    private static void AddUnless(List<string> args, string option, double value, double defaultValue)
    {
        if (value != defaultValue)
        {
            args.AddRange([option, Format(value)]);
        }
    }

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
