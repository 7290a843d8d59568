using Microsoft.Extensions.Logging;
using MqttCam.Capture.Ffmpeg;
using MqttCam.Capture.Files;
using MqttCam.Capture.Rpicam;
using MqttCam.Capture.TestPattern;
using MqttCam.Core.Settings;

namespace MqttCam.Capture;

/// <summary>Creates the frame source that <see cref="CaptureOptions.Source"/> names (not yet started).</summary>
public static class FrameSourceFactory
{
    /// <exception cref="ArgumentException">The options are invalid for the chosen source.</exception>
    public static FrameSource Create(CaptureOptions options, CameraSettings settings, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.ThrowIfInvalid();
        return options.Source switch
        {
            CaptureSourceKind.TestPattern => new TestPatternFrameSource(settings, options.FrameQueueCapacity, timeProvider, loggerFactory.CreateLogger<TestPatternFrameSource>()),
            CaptureSourceKind.Rpicam => new RpicamFrameSource(options, settings, timeProvider, loggerFactory.CreateLogger<RpicamFrameSource>()),
            CaptureSourceKind.Ffmpeg => new FfmpegFrameSource(options, settings, timeProvider, loggerFactory.CreateLogger<FfmpegFrameSource>()),
            _ => new FilesFrameSource(options.FilesDirectory!, options.MaxFrameSize, settings, options.FrameQueueCapacity, timeProvider, loggerFactory.CreateLogger<FilesFrameSource>()),
        };
    }
}
