namespace MqttCam.Capture;

/// <summary>How frames are captured; bound from the <c>Camera</c> configuration section.</summary>
public sealed class CaptureOptions
{
    public const string SectionName = "Camera";

    public CaptureSourceKind Source { get; set; } = CaptureSourceKind.TestPattern;

    /// <summary>Path or name of rpicam-vid; empty means <c>rpicam-vid</c>, else <c>libcamera-vid</c>, from PATH.</summary>
    public string? RpicamPath { get; set; }

    /// <summary>
    /// Read rpicam's per-frame metadata (exposure, gain, colour gains) through a named pipe, for the state and
    /// <c>lock</c>. Turn off for old libcamera-vid builds without <c>--metadata</c>.
    /// </summary>
    public bool RpicamMetadata { get; set; } = true;

    public string FfmpegPath { get; set; } = "ffmpeg";

    public string FfprobePath { get; set; } = "ffprobe";

    /// <summary>ffmpeg input arguments, e.g. <c>-f v4l2 -input_format mjpeg -video_size 1280x720 -i /dev/video0</c>.</summary>
    public string FfmpegInput { get; set; } = string.Empty;

    public FfmpegCopyMode FfmpegCopy { get; set; } = FfmpegCopyMode.Auto;

    /// <summary>Folder of JPEGs for the <see cref="CaptureSourceKind.Files"/> source.</summary>
    public string? FilesDirectory { get; set; }

    /// <summary>Frames larger than this are dropped, so a broken stream cannot grow memory without bound.</summary>
    public int MaxFrameSize { get; set; } = MjpegFrameSplitter.DefaultMaxFrameSize;

    /// <summary>Frames waiting for the reader; when full the oldest is dropped (a live camera wants the latest).</summary>
    public int FrameQueueCapacity { get; set; } = 2;

    /// <summary>How long a camera process may take to deliver its first frame.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Shortest no-frame time that counts as a stall; at low fps five frame periods are allowed instead.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RestartDelayMinimum { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RestartDelayMaximum { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A run delivering frames this long resets the restart back-off.</summary>
    public TimeSpan HealthyRunTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra environment for camera processes (e.g. <c>LIBCAMERA_LOG_LEVELS=*:ERROR</c>).</summary>
    public Dictionary<string, string> ProcessEnvironment { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every problem with these options, one message per bad key (empty when they are valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Source))
        {
            problems.Add($"Camera:Source must be one of {string.Join(", ", Enum.GetNames<CaptureSourceKind>())} (got {(int)Source}).");
        }

        if (MaxFrameSize is < 1024 or > 256 * 1024 * 1024)
        {
            problems.Add($"Camera:MaxFrameSize must be from 1024 to 268435456 bytes (got {MaxFrameSize}).");
        }

        if (FrameQueueCapacity is < 1 or > 64)
        {
            problems.Add($"Camera:FrameQueueCapacity must be from 1 to 64 (got {FrameQueueCapacity}).");
        }

        RequirePositive(problems, StartupTimeout, nameof(StartupTimeout));
        RequirePositive(problems, StallTimeout, nameof(StallTimeout));
        RequirePositive(problems, RestartDelayMinimum, nameof(RestartDelayMinimum));
        RequirePositive(problems, HealthyRunTime, nameof(HealthyRunTime));
        if (RestartDelayMaximum < RestartDelayMinimum)
        {
            problems.Add($"Camera:RestartDelayMaximum ({RestartDelayMaximum}) must not be below Camera:RestartDelayMinimum ({RestartDelayMinimum}).");
        }

        if (Source == CaptureSourceKind.Ffmpeg && string.IsNullOrWhiteSpace(FfmpegInput))
        {
            problems.Add("Camera:FfmpegInput is required for the ffmpeg source, e.g. \"-f v4l2 -input_format mjpeg -video_size 1280x720 -i /dev/video0\".");
        }

        if (Source == CaptureSourceKind.Files && string.IsNullOrWhiteSpace(FilesDirectory))
        {
            problems.Add("Camera:FilesDirectory is required for the files source.");
        }

        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid option (one per line).</summary>
    public void ThrowIfInvalid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems));
        }
    }

    private static void RequirePositive(List<string> problems, TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"Camera:{name} must be positive (got {value}).");
        }
    }
}
