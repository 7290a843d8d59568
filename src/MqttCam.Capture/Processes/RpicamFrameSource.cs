using Microsoft.Extensions.Logging;
using MqttCam.Settings;

namespace MqttCam.Capture.Processes;

/// <summary>The Raspberry Pi camera through rpicam-vid (or libcamera-vid on older systems) writing MJPEG to stdout.</summary>
public sealed class RpicamFrameSource : ProcessFrameSource
{
    public RpicamFrameSource(CaptureOptions options, CameraSettings settings, TimeProvider timeProvider, ILogger<RpicamFrameSource> logger)
        : base(options, settings, timeProvider, logger)
    {
    }

    public override string Kind => "rpicam";

    /// <summary>rpicam-apps cannot change anything at run time ("parameters are set on startup and never change").</summary>
    public override IReadOnlyCollection<string> LiveSettings { get; } = [];

    public override IReadOnlyCollection<string> RestartSettings => RpicamArguments.Supported;

    protected override string ProgramName =>
        string.IsNullOrWhiteSpace(Options.RpicamPath) ? "rpicam-vid" : Path.GetFileName(Options.RpicamPath);

    protected override string InstallHint =>
        "install rpicam-apps (Raspberry Pi OS: sudo apt install rpicam-apps) or set Camera:RpicamPath";

    protected override string? LocateProgram() =>
        string.IsNullOrWhiteSpace(Options.RpicamPath)
            ? ExecutableLocator.Find("rpicam-vid") ?? ExecutableLocator.Find("libcamera-vid")
            : ExecutableLocator.Find(Options.RpicamPath);

    protected override ValueTask<IReadOnlyList<string>> BuildArgumentsAsync(string program, CameraSettings settings, CancellationToken cancellationToken) =>
        ValueTask.FromResult(RpicamArguments.Build(settings));
}
