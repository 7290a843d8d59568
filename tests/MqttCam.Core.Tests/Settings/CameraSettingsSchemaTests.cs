using System.Text.Json;
using MqttCam.Core.Settings;

namespace MqttCam.Core.Tests.Settings;

public sealed class CameraSettingsSchemaTests
{
    private static readonly CameraSettings s_defaults = new();

    private static SettingsPatchResult Patch(string json)
    {
        using var document = JsonDocument.Parse(json);
        return CameraSettingsSchema.ApplyPatch(s_defaults, document.RootElement);
    }

    [Fact]
    public void EverySetting_HasALabelAndAKnownGroup()
    {
        Assert.All(CameraSettingsSchema.All, setting =>
        {
            Assert.False(string.IsNullOrWhiteSpace(setting.Label), setting.Name);
            Assert.Contains(setting.Group, SettingGroups.All);
        });
        Assert.Equal(CameraSettingsSchema.All.Count, CameraSettingsSchema.All.Select(s => s.Label).Distinct().Count());
    }

    [Fact]
    public void ApplyPatch_ValidValues_ChangesOnlyThoseSettings()
    {
        var result = Patch("""{"quality": 55, "fps": 2.5, "hflip": true, "awb": "Daylight", "roi": [0.25, 0.25, 0.5, 0.5]}""");

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal(55, result.Settings.Quality);
        Assert.Equal(2.5, result.Settings.Fps);
        Assert.True(result.Settings.HorizontalFlip);
        Assert.Equal("daylight", result.Settings.Awb);
        Assert.Equal(new RegionOfInterest(0.25, 0.25, 0.5, 0.5), result.Settings.Roi);
        Assert.Equal(s_defaults with { Quality = 55, Fps = 2.5, HorizontalFlip = true, Awb = "daylight", Roi = new(0.25, 0.25, 0.5, 0.5) }, result.Settings);
        Assert.Equal(["quality", "fps", "hflip", "awb", "roi"], result.Changed);
    }

    [Fact]
    public void ApplyPatch_OneBadValue_ChangesNothingAndNamesEveryProblem()
    {
        var result = Patch("""{"quality": 55, "fps": 500, "rotation": 90, "awb": "purple", "colour": 1}""");

        Assert.False(result.IsSuccess);
        Assert.Same(s_defaults, result.Settings);
        Assert.Empty(result.Changed);
        Assert.Equal(4, result.Errors.Count);
        Assert.Contains("fps: must be a number from 0.01 to 120 (got 500)", result.Errors);
        Assert.Contains("rotation: must be 0 or 180 (got 90)", result.Errors);
        Assert.Contains(result.Errors, e => e.StartsWith("awb: must be one of auto, normal", StringComparison.Ordinal) && e.EndsWith("(got \"purple\")", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("colour: unknown setting (known: width, height, fps", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"quality": "80"}""", "quality: must be an integer from 1 to 100 (got \"80\")")]
    [InlineData("""{"quality": 80.5}""", "quality: must be an integer from 1 to 100 (got 80.5)")]
    [InlineData("""{"quality": 0}""", "quality: must be an integer from 1 to 100 (got 0)")]
    [InlineData("""{"width": 641}""", "width: must be an integer multiple of 2 from 16 to 8192 (got 641)")]
    [InlineData("""{"shutter": -1}""", "shutter: must be an integer from 0 to 240000000 (got -1)")]
    [InlineData("""{"hflip": 2}""", "hflip: must be true or false (or \"ON\"/\"OFF\") (got 2)")]
    [InlineData("""{"streaming": null}""", "streaming: must be true or false (or \"ON\"/\"OFF\") (got null)")]
    [InlineData("""{"roi": [0.5, 0.5, 0.6, 0.5]}""", "roi: must be [x, y, width, height] from 0 to 1 with x+width <= 1 and y+height <= 1, e.g. [0.25, 0.25, 0.5, 0.5] (got an array)")]
    [InlineData("""{"awb_gains": [1.5]}""", "awb_gains: must be [red, blue] with each from 0 to 32, both 0 for automatic, e.g. [1.8, 1.5] or \"1.8,1.5\" (got an array)")]
    [InlineData("""{"resolution": "big"}""", "resolution: must be WIDTHxHEIGHT with even numbers from 16 to 8192, e.g. \"1280x720\" (got \"big\")")]
    [InlineData("""{"resolution": 1280}""", "resolution: must be WIDTHxHEIGHT with even numbers from 16 to 8192, e.g. \"1280x720\" (got a non-string)")]
    [InlineData("""[1, 2]""", "settings must be a JSON object such as {\"quality\": 70}")]
    public void ApplyPatch_WrongTypeOrRange_IsRefusedWithAClearMessage(string json, string expected)
    {
        var result = Patch(json);

        Assert.False(result.IsSuccess);
        Assert.Equal([expected], result.Errors);
        Assert.Same(s_defaults, result.Settings);
    }

    [Fact]
    public void ApplyPatch_Resolution_SetsWidthAndHeight()
    {
        var result = Patch("""{"resolution": "640x480"}""");

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal((640, 480), (result.Settings.Width, result.Settings.Height));
        Assert.Equal(["resolution"], result.Changed);
    }

    [Fact]
    public void ApplyPatch_SameValueAsCurrent_ReportsNoChange()
    {
        var result = Patch("""{"quality": 80, "streaming": true}""");

        Assert.True(result.IsSuccess);
        Assert.Empty(result.Changed);
    }

    [Fact]
    public void ApplyPatch_ManualGainsWithAFixedAwbMode_IsRefused()
    {
        var result = Patch("""{"awb": "daylight", "awb_gains": [1.8, 1.5]}""");

        Assert.False(result.IsSuccess);
        Assert.Equal(["awb_gains: manual gains need awb \"auto\" or \"custom\" (awb is \"daylight\")"], result.Errors);
    }

    [Theory]
    [InlineData("quality", "42", 42)]
    [InlineData("quality", " 42 ", 42)]
    [InlineData("quality", "42.0", 42)]
    public void ApplyText_Integer_AcceptsPlainNumbers(string name, string text, int expected)
    {
        var result = CameraSettingsSchema.ApplyText(s_defaults, name, text);

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal(expected, result.Settings.Quality);
    }

    [Theory]
    [InlineData("ON", true)]
    [InlineData("off", false)]
    [InlineData("true", true)]
    [InlineData("0", false)]
    public void ApplyText_Boolean_AcceptsHomeAssistantPayloads(string text, bool expected)
    {
        var result = CameraSettingsSchema.ApplyText(s_defaults with { Streaming = !expected }, "streaming", text);

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal(expected, result.Settings.Streaming);
        Assert.Equal(["streaming"], result.Changed);
    }

    [Fact]
    public void ApplyText_UnknownSetting_NamesTheKnownOnes()
    {
        var result = CameraSettingsSchema.ApplyText(s_defaults, "zoom", "2");

        Assert.False(result.IsSuccess);
        Assert.StartsWith("zoom: unknown setting (known: width, height, fps, quality", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyText_Gains_ParsesCommaSeparated()
    {
        var result = CameraSettingsSchema.ApplyText(s_defaults, "awb_gains", "1.8, 1.5");

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal(new ColourGains(1.8, 1.5), result.Settings.AwbGains);
    }

    [Fact]
    public void ToJson_ThenApplyPatch_RoundTripsEverySetting()
    {
        var custom = s_defaults with
        {
            Width = 640,
            Height = 480,
            Fps = 0.5,
            Quality = 33,
            Rotation = 180,
            VerticalFlip = true,
            Exposure = "long",
            ShutterMicroseconds = 2_000_000,
            Gain = 8,
            Ev = -1.5,
            Awb = "custom",
            AwbGains = new ColourGains(2.1, 1.3),
            Brightness = 0.1,
            Contrast = 1.2,
            Saturation = 0,
            Sharpness = 2,
            Denoise = "cdn_hq",
            Roi = new RegionOfInterest(0.1, 0.2, 0.3, 0.4),
            TimestampOverlay = true,
            Streaming = false,
            Live = "always",
            IdleIntervalSeconds = 0,
            Motion = false,
            MotionSensitivity = 90,
            MotionMinAreaPercent = 0.5,
            MotionRoi = new RegionOfInterest(0, 0.5, 1, 0.5),
            MotionHoldSeconds = 30,
            Preview = false,
            PreviewSize = 640,
        };

        var json = CameraSettingsSchema.ToJson(custom).ToJsonString();
        using var document = JsonDocument.Parse(json);
        var result = CameraSettingsSchema.ApplyPatch(s_defaults, document.RootElement);

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal(custom, result.Settings);
        Assert.Contains("\"resolution\":\"640x480\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Descriptors_ExposeRangesForHomeAssistantEntities()
    {
        var quality = CameraSettingsSchema.Find("quality")!;
        var awb = CameraSettingsSchema.Find("AWB")!;

        Assert.Equal((1d, 100d, 1d), (quality.Minimum, quality.Maximum, quality.Step));
        Assert.Equal(SettingKind.Choice, awb.Kind);
        Assert.Equal(CameraSettingsSchema.AwbModes, awb.Options);
        Assert.Equal(CameraSettingsSchema.All.Count, CameraSettingsSchema.All.Select(d => d.Name).Distinct().Count());
    }

    [Fact]
    public void EffectiveFps_LongShutter_LowersTheFrameRate()
    {
        Assert.Equal(0.25, (s_defaults with { Fps = 10, ShutterMicroseconds = 4_000_000 }).EffectiveFps);
        Assert.Equal(10, (s_defaults with { Fps = 10, ShutterMicroseconds = 10_000 }).EffectiveFps);
    }

    /// <summary>The issue 12 contract (CONTRACT-12.md): names, ranges, defaults and entity kinds users script against.</summary>
    [Theory]
    [InlineData("live", "auto", "always", "sometimes")]
    [InlineData("idle_interval", "10", "0", "3601")]
    [InlineData("motion", "ON", "OFF", "maybe")]
    [InlineData("motion_sensitivity", "50", "100", "0")]
    [InlineData("motion_min_area", "1", "0.1", "0.05")]
    [InlineData("motion_roi", "0,0,1,1", "0.5,0,0.5,1", "0.5,0,0.6,1")]
    [InlineData("motion_hold", "10", "600", "0.5")]
    [InlineData("preview", "ON", "OFF", "2")]
    [InlineData("preview_size", "320", "1280", "63")]
    public void DemandSettings_HaveTheContractsDefaultsAndRanges(string name, string defaultValue, string accepted, string refused)
    {
        var setting = CameraSettingsSchema.Find(name)!;

        Assert.Equal(defaultValue, setting.FormatValue(s_defaults));
        var ok = CameraSettingsSchema.ApplyText(s_defaults, name, accepted);
        Assert.True(ok.IsSuccess, ok.ErrorMessage);
        Assert.Equal(accepted, setting.FormatValue(ok.Settings));
        Assert.Equal([name], ok.Changed);
        var bad = CameraSettingsSchema.ApplyText(s_defaults, name, refused);
        Assert.False(bad.IsSuccess);
        Assert.StartsWith($"{name}: must be ", bad.ErrorMessage, StringComparison.Ordinal);
        // Applied by the device for every source: no rpicam flag, no source restarts for it.
        Assert.Equal(SettingTargets.Device, setting.Targets);
        Assert.Null(setting.RpicamFlag);
    }

    [Fact]
    public void DemandSettings_AreOfferedToHomeAssistantAsTheContractSays()
    {
        var expected = new Dictionary<string, (HomeAssistantEntity Entity, string Group, string? Unit)>
        {
            ["live"] = (HomeAssistantEntity.Select, SettingGroups.Stream, null),
            ["idle_interval"] = (HomeAssistantEntity.NumberBox, SettingGroups.Stream, "s"),
            ["motion"] = (HomeAssistantEntity.Switch, SettingGroups.Motion, null),
            ["motion_sensitivity"] = (HomeAssistantEntity.NumberSlider, SettingGroups.Motion, null),
            ["motion_min_area"] = (HomeAssistantEntity.NumberBox, SettingGroups.Motion, "%"),
            ["motion_roi"] = (HomeAssistantEntity.None, SettingGroups.Motion, null),
            ["motion_hold"] = (HomeAssistantEntity.NumberBox, SettingGroups.Motion, "s"),
            ["preview"] = (HomeAssistantEntity.Switch, SettingGroups.Stream, null),
            ["preview_size"] = (HomeAssistantEntity.NumberBox, SettingGroups.Stream, "px"),
        };

        Assert.All(expected, e =>
        {
            var setting = CameraSettingsSchema.Find(e.Key)!;
            Assert.Equal(e.Value, (setting.HomeAssistant, setting.Group, setting.Unit));
        });
        Assert.Equal("Live rate", CameraSettingsSchema.Find("live")!.Label);
        Assert.Equal("Motion detection", CameraSettingsSchema.Find("motion")!.Label);
        Assert.Equal(CameraSettingsSchema.LiveModes, CameraSettingsSchema.Find("live")!.Options);
    }

    [Fact]
    public void EverySetting_SaysWhereItGoes()
    {
        Assert.All(CameraSettingsSchema.All, setting =>
        {
            Assert.NotEqual(SettingTargets.None, setting.Targets);
            // A device-level setting is applied the same way whatever the source, so no source may claim it too.
            Assert.True(!setting.AppliesTo(SettingTargets.Device) || setting.Targets == SettingTargets.Device, setting.Name);
            Assert.Equal(setting.AppliesTo(SettingTargets.Rpicam), setting.RpicamFlag is not null);
            Assert.True(setting.RpicamFlag is null || setting.RpicamFlag.StartsWith('-'), setting.Name);
        });
        Assert.Equal(
            CameraSettingsSchema.All.Where(s => s.RpicamFlag is not null).Count(),
            CameraSettingsSchema.All.Select(s => s.RpicamFlag).OfType<string>().Distinct().Count());
        Assert.Equal(["streaming", "timestamp"], CameraSettingsSchema.NamesFor(SettingTargets.Device).Take(2).Order());
    }
}
