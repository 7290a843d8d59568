using System.ComponentModel;
using Microsoft.Extensions.Logging;
using MqttCam.Capture.Processes;
using MqttCam.Processes;
using MqttCam.Core.Settings;

namespace MqttCam.Capture.Ffmpeg;

/// <summary>
/// Any ffmpeg input (USB camera, RTSP, a looping file) as MJPEG on stdout: passed through when it already is MJPEG
/// at the wanted size, otherwise scaled, rate-limited and re-encoded.
/// </summary>
public sealed class FfmpegFrameSource : ProcessFrameSource
{
    private readonly IReadOnlyList<string> _input;
    private FfprobeInput? _probed;

    public FfmpegFrameSource(CaptureOptions options, CameraSettings settings, TimeProvider timeProvider, ILogger<FfmpegFrameSource> logger)
        : base(options, settings, timeProvider, logger)
    {
        _input = CommandLineSplitter.Split(options.FfmpegInput);
        if (_input.Count == 0)
        {
            throw new ArgumentException("Camera:FfmpegInput is empty; give ffmpeg input arguments such as \"-f v4l2 -i /dev/video0\".", nameof(options));
        }
    }

    public override string Kind => "ffmpeg";

    public override IReadOnlyCollection<string> LiveSettings { get; } = [];

    public override IReadOnlyCollection<string> RestartSettings => FfmpegArguments.Supported;

    /// <summary>Whether the current (or last) run copies the input's frames instead of re-encoding them.</summary>
    public bool IsCopying { get; private set; }

    protected override string ProgramName => Path.GetFileName(Options.FfmpegPath);

    protected override string InstallHint => "install ffmpeg (sudo apt install ffmpeg) or set Camera:FfmpegPath";

    protected override string? LocateProgram() => ExecutableLocator.Find(Options.FfmpegPath);

    protected override async ValueTask<IReadOnlyList<string>> BuildArgumentsAsync(string program, CameraSettings settings, CancellationToken cancellationToken)
    {
        IsCopying = Options.FfmpegCopy switch
        {
            FfmpegCopyMode.Always => true,
            FfmpegCopyMode.Never => false,
            _ => !FfmpegArguments.NeedsTransform(settings) && await InputMatchesAsync(settings, cancellationToken).ConfigureAwait(false),
        };
        return FfmpegArguments.Build(_input, settings, IsCopying);
    }

    private async Task<bool> InputMatchesAsync(CameraSettings settings, CancellationToken cancellationToken)
    {
        if (_probed is null)
        {
            var ffprobe = ExecutableLocator.Find(Options.FfprobePath);
            if (ffprobe is null)
            {
                Logger.ProbeFailed($"{Options.FfprobePath} not found (it comes with ffmpeg)");
                return false;
            }

            try
            {
                // The input does not change while the source lives, so one probe serves every restart.
                _probed = await FfprobeInput.ProbeAsync(ffprobe, _input, TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
            {
                Logger.ProbeFailed(ex.Message);
                return false;
            }
        }

        var copy = _probed.Codec == "mjpeg" && _probed.Width == settings.Width && _probed.Height == settings.Height;
        Logger.ProbeResult(_probed.Codec, _probed.Width, _probed.Height, copy);
        return copy;
    }
}
