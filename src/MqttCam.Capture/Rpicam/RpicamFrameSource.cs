using Microsoft.Extensions.Logging;
using MqttCam.Capture.Processes;
using MqttCam.Processes;
using MqttCam.Core.Settings;

namespace MqttCam.Capture.Rpicam;

/// <summary>The Raspberry Pi camera through rpicam-vid (or libcamera-vid on older systems) writing MJPEG to stdout.</summary>
public sealed class RpicamFrameSource : ProcessFrameSource
{
    private RpicamMetadataFifo? _metadata;
    private bool _metadataUnavailable;

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

    /// <summary>The exposure in the newest frame's metadata (null before the first frame of a run).</summary>
    public override ExposureReading? LatestExposure => _metadata?.Parser.Latest;

    /// <summary>Unless <c>Camera:RpicamMetadata</c> is off (old builds without <c>--metadata</c>) or the FIFO failed.</summary>
    public override bool ReportsExposure => Options.RpicamMetadata && !_metadataUnavailable;

    protected override ValueTask<IReadOnlyList<string>> BuildArgumentsAsync(string program, CameraSettings settings, CancellationToken cancellationToken)
    {
        var metadata = OpenMetadata();
        metadata?.Reset();
        return ValueTask.FromResult(RpicamArguments.Build(settings, metadata?.Path));
    }

    protected override ValueTask DisposeCoreAsync()
    {
        _metadata?.Dispose();
        return base.DisposeCoreAsync();
    }

    private RpicamMetadataFifo? OpenMetadata()
    {
        if (_metadata is not null || _metadataUnavailable || !Options.RpicamMetadata)
        {
            return _metadata;
        }

        try
        {
            _metadata = RpicamMetadataFifo.Create();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            // Frames matter more than exposure readings: run without metadata (lock will say it has none).
            _metadataUnavailable = true;
            Logger.MetadataUnavailable(ex.Message);
        }

        return _metadata;
    }
}
