using MqttCam.Capture.Rpicam;
using MqttCam.Core.Settings;

namespace MqttCam.Capture.Tests.Rpicam;

public sealed class RpicamArgumentsTests
{
    [Fact]
    public void Build_Defaults_PassOnlySizeRateAndQuality()
    {
        Assert.Equal(
            ["--codec", "mjpeg", "-o", "-", "-t", "0", "--nopreview", "--flush", "--width", "1280", "--height", "720", "--framerate", "10", "-q", "80"],
            RpicamArguments.Build(new CameraSettings()));
    }

    [Fact]
    public void Build_EverySettingChanged_MapsEachOption()
    {
        var settings = new CameraSettings
        {
            Width = 640,
            Height = 480,
            Fps = 7.5,
            Quality = 65,
            Rotation = 180,
            HorizontalFlip = true,
            VerticalFlip = true,
            Exposure = "sport",
            ShutterMicroseconds = 20000,
            Gain = 2.5,
            Ev = -0.5,
            Awb = "custom",
            AwbGains = new ColourGains(1.8, 1.5),
            Brightness = 0.1,
            Contrast = 1.2,
            Saturation = 0,
            Sharpness = 2,
            Denoise = "cdn_fast",
            Roi = new RegionOfInterest(0.25, 0.25, 0.5, 0.5),
        };

        Assert.Equal(
            [
                "--codec", "mjpeg", "-o", "-", "-t", "0", "--nopreview", "--flush",
                "--width", "640", "--height", "480", "--framerate", "7.5", "-q", "65",
                "--rotation", "180", "--hflip", "--vflip", "--exposure", "sport", "--shutter", "20000", "--gain", "2.5",
                "--ev", "-0.5", "--awb", "custom", "--awbgains", "1.8,1.5", "--brightness", "0.1", "--contrast", "1.2",
                "--saturation", "0", "--sharpness", "2", "--denoise", "cdn_fast", "--roi", "0.25,0.25,0.5,0.5",
            ],
            RpicamArguments.Build(settings));
    }

    [Fact]
    public void Supported_NamesOnlySchemaSettings()
    {
        Assert.All(RpicamArguments.Supported, name => Assert.NotNull(CameraSettingsSchema.Find(name)));
        Assert.DoesNotContain("streaming", RpicamArguments.Supported);
        Assert.Equal(CameraSettingsSchema.All.Where(s => s.RpicamFlag is not null).Select(s => s.Name), RpicamArguments.Supported);
    }

    [Fact]
    public void Build_DeviceSettingsChanged_GiveRpicamNothingNew()
    {
        var settings = new CameraSettings { Live = "always", Motion = false, MotionRoi = new RegionOfInterest(0, 0, 0.5, 0.5), Preview = false, PreviewSize = 640, Streaming = false, TimestampOverlay = true };

        Assert.Equal(RpicamArguments.Build(new CameraSettings()), RpicamArguments.Build(settings));
    }

    [Fact]
    public void Build_LongShutter_AsksForTheRateTheShutterAllows()
    {
        var args = RpicamArguments.Build(new CameraSettings { Fps = 10, ShutterMicroseconds = 4_000_000 });

        Assert.Equal("0.25", args[args.ToList().IndexOf("--framerate") + 1]);
    }
}
