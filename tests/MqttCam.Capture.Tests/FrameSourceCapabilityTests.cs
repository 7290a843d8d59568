using Microsoft.Extensions.Logging.Abstractions;
using MqttCam.Capture.Tests.Support;
using MqttCam.Core.Settings;

namespace MqttCam.Capture.Tests;

/// <summary>The device and Home Assistant discovery ask a source what it can do instead of comparing kind names.</summary>
public sealed class FrameSourceCapabilityTests
{
    [Theory]
    [InlineData(CaptureSourceKind.TestPattern, false, true)]
    [InlineData(CaptureSourceKind.Rpicam, true, false)]
    [InlineData(CaptureSourceKind.Ffmpeg, false, false)]
    [InlineData(CaptureSourceKind.Files, false, false)]
    public async Task Capabilities_MatchWhatEachSourceReallyDoes(CaptureSourceKind kind, bool reportsExposure, bool drawsTimestamp)
    {
        var options = new CaptureOptions { Source = kind, FfmpegInput = "-f lavfi -i testsrc2", FilesDirectory = Path.GetTempPath() };

        await using var source = FrameSourceFactory.Create(options, new CameraSettings(), NullLoggerFactory.Instance, TimeProvider.System);

        Assert.Equal(reportsExposure, source.ReportsExposure);
        Assert.Equal(drawsTimestamp, source.DrawsTimestamp);
    }

    [Fact]
    public async Task Rpicam_WithMetadataOff_DoesNotClaimToReportExposure()
    {
        var options = new CaptureOptions { Source = CaptureSourceKind.Rpicam, RpicamMetadata = false };

        await using var source = FrameSourceFactory.Create(options, new CameraSettings(), NullLoggerFactory.Instance, TimeProvider.System);

        Assert.False(source.ReportsExposure);
    }

    /// <summary>
    /// What each source applies is written once, on the setting descriptors; a source's own lists must say the same,
    /// and no source may claim (or report as unsupported) a setting the device applies itself.
    /// </summary>
    [Theory]
    [InlineData(CaptureSourceKind.TestPattern, SettingTargets.TestPattern)]
    [InlineData(CaptureSourceKind.Rpicam, SettingTargets.Rpicam)]
    [InlineData(CaptureSourceKind.Ffmpeg, SettingTargets.Ffmpeg)]
    [InlineData(CaptureSourceKind.Files, SettingTargets.Files)]
    public async Task SupportedSettings_AreTheOnesTheSchemaSendsToTheSource(CaptureSourceKind kind, SettingTargets target)
    {
        var options = new CaptureOptions { Source = kind, FfmpegInput = "-f lavfi -i testsrc2", FilesDirectory = Path.GetTempPath() };

        await using var source = FrameSourceFactory.Create(options, new CameraSettings(), NullLoggerFactory.Instance, TimeProvider.System);

        Assert.Equal(CameraSettingsSchema.NamesFor(target).Order(), source.LiveSettings.Concat(source.RestartSettings).Order());
        Assert.DoesNotContain(source.LiveSettings.Concat(source.RestartSettings), n => CameraSettingsSchema.Find(n)!.AppliesTo(SettingTargets.Device));
    }

    /// <summary>
    /// Device-level settings (streaming, timestamp, live rate, motion, preview) are never a source's business: changing
    /// them restarts nothing and logs no "does not support" warning (issue 13 saw one per streaming change).
    /// </summary>
    [Theory]
    [InlineData(CaptureSourceKind.TestPattern)]
    [InlineData(CaptureSourceKind.Rpicam)]
    [InlineData(CaptureSourceKind.Ffmpeg)]
    [InlineData(CaptureSourceKind.Files)]
    public async Task DeviceSettingsChanged_TheSourceNeitherRestartsNorWarns(CaptureSourceKind kind)
    {
        var logs = new CollectingLoggerProvider();
        using var factory = logs.CreateFactory();
        var options = new CaptureOptions { Source = kind, FfmpegInput = "-f lavfi -i testsrc2", FilesDirectory = Path.GetTempPath() };
        await using var source = FrameSourceFactory.Create(options, new CameraSettings(), factory, TimeProvider.System);

        var deviceOnly = new CameraSettings { Streaming = false, TimestampOverlay = true, Live = "always", IdleIntervalSeconds = 0, Motion = false, MotionHoldSeconds = 3, Preview = false, PreviewSize = 640 };
        await source.ApplyAsync(deviceOnly);

        Assert.Equal(0, logs.Count("CaptureUnsupportedSettings"));
        Assert.Equal(0, logs.Count("CaptureRestartForSettings"));

        // The same log names do fire for a setting the source owns (so the zeros above are not a misspelt event).
        await source.ApplyAsync(deviceOnly with { Quality = 50, Sharpness = 2 });
        Assert.Equal(kind is CaptureSourceKind.Rpicam or CaptureSourceKind.Ffmpeg ? 1 : 0, logs.Count("CaptureRestartForSettings"));
        Assert.Equal(kind is CaptureSourceKind.TestPattern or CaptureSourceKind.Ffmpeg ? 1 : 0, logs.Count("CaptureUnsupportedSettings"));
    }
}
