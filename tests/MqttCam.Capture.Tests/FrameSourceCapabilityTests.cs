using Microsoft.Extensions.Logging.Abstractions;
using MqttCam.Settings;

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
}
