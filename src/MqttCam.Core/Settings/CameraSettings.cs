namespace MqttCam.Core.Settings;

/// <summary>
/// Every camera setting in effect. Immutable: a change produces a new instance, so a frame source can compare the
/// settings it runs with against the ones requested and decide whether it has to restart.
/// Names, types and ranges are defined once, in <see cref="CameraSettingsSchema"/>.
/// </summary>
public sealed record CameraSettings
{
    public int Width { get; init; } = 1280;

    public int Height { get; init; } = 720;

    public double Fps { get; init; } = 10;

    public int Quality { get; init; } = 80;

    /// <summary>0 or 180: the only rotations the Pi camera stack applies in hardware.</summary>
    public int Rotation { get; init; }

    public bool HorizontalFlip { get; init; }

    public bool VerticalFlip { get; init; }

    public string Exposure { get; init; } = "normal";

    /// <summary>Exposure time in microseconds; 0 lets auto exposure decide.</summary>
    public long ShutterMicroseconds { get; init; }

    /// <summary>Analogue gain; 0 lets auto exposure decide.</summary>
    public double Gain { get; init; }

    public double Ev { get; init; }

    public string Awb { get; init; } = "auto";

    /// <summary>Red and blue colour gains; both 0 means automatic white balance.</summary>
    public ColourGains AwbGains { get; init; } = ColourGains.Automatic;

    public double Brightness { get; init; }

    public double Contrast { get; init; } = 1;

    public double Saturation { get; init; } = 1;

    public double Sharpness { get; init; } = 1;

    public string Denoise { get; init; } = "auto";

    public RegionOfInterest Roi { get; init; } = RegionOfInterest.Full;

    public bool TimestampOverlay { get; init; }

    public bool Streaming { get; init; } = true;

    /// <summary>"auto": publish at <see cref="Fps"/> only while someone watches (or motion), else every idle interval; "always": at <see cref="Fps"/>.</summary>
    public string Live { get; init; } = "auto";

    /// <summary>Seconds between frames published while nobody watches; 0 publishes only on motion.</summary>
    public double IdleIntervalSeconds { get; init; } = 10;

    public bool Motion { get; init; } = true;

    /// <summary>1 (only large, clear changes) to 100 (the slightest change).</summary>
    public int MotionSensitivity { get; init; } = 50;

    /// <summary>The smallest changed area, in percent of the analysed region, that counts as motion.</summary>
    public double MotionMinAreaPercent { get; init; } = 1.0;

    /// <summary>The part of the frame motion is looked for in.</summary>
    public RegionOfInterest MotionRoi { get; init; } = RegionOfInterest.Full;

    /// <summary>Seconds without motion before a motion event ends.</summary>
    public double MotionHoldSeconds { get; init; } = 10;

    /// <summary>Whether a small preview JPEG is published beside the full frame.</summary>
    public bool Preview { get; init; } = true;

    /// <summary>The preview's longest side in pixels.</summary>
    public int PreviewSize { get; init; } = 320;

    /// <summary>The frame rate the camera can actually deliver: a long shutter lowers it to match.</summary>
    public double EffectiveFps =>
        ShutterMicroseconds > 0 ? Math.Min(Fps, 1_000_000.0 / ShutterMicroseconds) : Fps;
}
