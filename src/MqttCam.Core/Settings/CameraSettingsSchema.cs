using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static MqttCam.Settings.SettingValueReaders;

namespace MqttCam.Settings;

/// <summary>
/// The one definition of every camera setting: name, type, range, and how it maps onto <see cref="CameraSettings"/>.
/// The device validates commands with it, the state JSON is written from it, Home Assistant discovery announces
/// the entity each descriptor names (with its range) and the docs list it.
/// </summary>
public static class CameraSettingsSchema
{
    public const int MinDimension = 16;
    public const int MaxDimension = 8192;
    public const long MaxShutterMicroseconds = 240_000_000;

    public static IReadOnlyList<string> ExposureModes { get; } = ["normal", "sport", "short", "long", "custom"];

    public static IReadOnlyList<string> AwbModes { get; } =
        ["auto", "normal", "incandescent", "tungsten", "fluorescent", "indoor", "daylight", "cloudy", "custom"];

    public static IReadOnlyList<string> DenoiseModes { get; } = ["auto", "off", "cdn_off", "cdn_fast", "cdn_hq"];

    public static IReadOnlyList<string> LiveModes { get; } = ["auto", "always"];

    /// <summary>The range of <c>preview_size</c>, the preview's longest side in pixels (the preview maker checks it too).</summary>
    public const int MinPreviewSize = 64;
    public const int MaxPreviewSize = 1280;

    // Where each setting goes is written here, once: rpicam's flag and which sources apply it. RpicamArguments,
    // FfmpegArguments, each source's supported list, Home Assistant discovery and the docs table all read these.
    private const SettingTargets FfmpegAndPattern = SettingTargets.Ffmpeg | SettingTargets.TestPattern;

    public static IReadOnlyList<SettingDescriptor> All { get; } =
    [
        Integer("width", "Frame width in pixels (even)", MinDimension, MaxDimension, s => s.Width, (s, v) => s with { Width = v }, step: 2, unit: "px").Present(SettingGroups.Stream, "Width").Rpicam("--width", always: true).For(FfmpegAndPattern),
        Integer("height", "Frame height in pixels (even)", MinDimension, MaxDimension, s => s.Height, (s, v) => s with { Height = v }, step: 2, unit: "px").Present(SettingGroups.Stream, "Height").Rpicam("--height", always: true).For(FfmpegAndPattern),
        // A long shutter needs a long frame: rpicam is asked for the rate the shutter allows.
        Number("fps", "Frames per second", 0.01, 120, s => s.Fps, (s, v) => s with { Fps = v }, step: 0.01, unit: "fps").Present(SettingGroups.Stream, "Frame rate", HomeAssistantEntity.NumberBox).Rpicam("--framerate", always: true, value: s => FormatNumber(s.EffectiveFps)).For(FfmpegAndPattern | SettingTargets.Files),
        Integer("quality", "JPEG quality", 1, 100, s => s.Quality, (s, v) => s with { Quality = v }).Present(SettingGroups.Stream, "JPEG quality", HomeAssistantEntity.NumberSlider).Rpicam("-q", always: true).For(FfmpegAndPattern),
        Integer("rotation", "Rotation in degrees (0 or 180)", 0, 180, s => s.Rotation, (s, v) => s with { Rotation = v }, step: 180, unit: "°").Present(SettingGroups.Image, "Rotation").Rpicam("--rotation").For(FfmpegAndPattern),
        Boolean("hflip", "Mirror horizontally", s => s.HorizontalFlip, (s, v) => s with { HorizontalFlip = v }).Present(SettingGroups.Image, "Mirror", HomeAssistantEntity.Switch).Rpicam("--hflip").For(FfmpegAndPattern),
        Boolean("vflip", "Flip vertically", s => s.VerticalFlip, (s, v) => s with { VerticalFlip = v }).Present(SettingGroups.Image, "Flip", HomeAssistantEntity.Switch).Rpicam("--vflip").For(FfmpegAndPattern),
        Choice("exposure", "Exposure mode", ExposureModes, s => s.Exposure, (s, v) => s with { Exposure = v }).Present(SettingGroups.Exposure, "Exposure mode", HomeAssistantEntity.Select).Rpicam("--exposure"),
        Long("shutter", "Exposure time in microseconds (0 = auto)", 0, MaxShutterMicroseconds, s => s.ShutterMicroseconds, (s, v) => s with { ShutterMicroseconds = v }, unit: "µs").Present(SettingGroups.Exposure, "Shutter", HomeAssistantEntity.NumberBox).Rpicam("--shutter"),
        Number("gain", "Analogue gain (0 = auto)", 0, 64, s => s.Gain, (s, v) => s with { Gain = v }, step: 0.1).Present(SettingGroups.Exposure, "Gain", HomeAssistantEntity.NumberBox).Rpicam("--gain"),
        Number("ev", "Exposure compensation in stops", -10, 10, s => s.Ev, (s, v) => s with { Ev = v }, step: 0.1).Present(SettingGroups.Exposure, "Exposure compensation", HomeAssistantEntity.NumberSlider).Rpicam("--ev"),
        Choice("awb", "White balance mode", AwbModes, s => s.Awb, (s, v) => s with { Awb = v }).Present(SettingGroups.WhiteBalance, "White balance", HomeAssistantEntity.Select).Rpicam("--awb"),
        Gains().Present(SettingGroups.WhiteBalance, "White balance gains").Rpicam("--awbgains"),
        Number("brightness", "Brightness", -1, 1, s => s.Brightness, (s, v) => s with { Brightness = v }, step: 0.05).Present(SettingGroups.Image, "Brightness", HomeAssistantEntity.NumberSlider).Rpicam("--brightness").For(SettingTargets.TestPattern),
        Number("contrast", "Contrast (1 = normal)", 0, 32, s => s.Contrast, (s, v) => s with { Contrast = v }, step: 0.05).Present(SettingGroups.Image, "Contrast", HomeAssistantEntity.NumberSlider).Rpicam("--contrast").For(SettingTargets.TestPattern),
        Number("saturation", "Saturation (1 = normal, 0 = greyscale)", 0, 32, s => s.Saturation, (s, v) => s with { Saturation = v }, step: 0.05).Present(SettingGroups.Image, "Saturation", HomeAssistantEntity.NumberSlider).Rpicam("--saturation").For(SettingTargets.TestPattern),
        Number("sharpness", "Sharpness (1 = normal)", 0, 16, s => s.Sharpness, (s, v) => s with { Sharpness = v }, step: 0.05).Present(SettingGroups.Image, "Sharpness", HomeAssistantEntity.NumberSlider).Rpicam("--sharpness"),
        Choice("denoise", "Denoise mode", DenoiseModes, s => s.Denoise, (s, v) => s with { Denoise = v }).Present(SettingGroups.Image, "Denoise", HomeAssistantEntity.Select).Rpicam("--denoise"),
        Region("roi", "Digital zoom: normalised x, y, width, height", s => s.Roi, (s, v) => s with { Roi = v }).Present(SettingGroups.Image, "Zoom region").Rpicam("--roi"),
        Boolean("timestamp", "Draw the capture time on frames", s => s.TimestampOverlay, (s, v) => s with { TimestampOverlay = v }).Present(SettingGroups.Image, "Timestamp", HomeAssistantEntity.Switch).For(SettingTargets.Device),
        Boolean("streaming", "Publish live frames", s => s.Streaming, (s, v) => s with { Streaming = v }).Present(SettingGroups.Stream, "Streaming", HomeAssistantEntity.Switch).For(SettingTargets.Device),
        Choice("live", "Live rate: auto (full rate only while watched or on motion) or always", LiveModes, s => s.Live, (s, v) => s with { Live = v }).Present(SettingGroups.Stream, "Live rate", HomeAssistantEntity.Select).For(SettingTargets.Device),
        Number("idle_interval", "Seconds between frames while nobody watches (0 = only on motion)", 0, 3600, s => s.IdleIntervalSeconds, (s, v) => s with { IdleIntervalSeconds = v }, step: 1, unit: "s").Present(SettingGroups.Stream, "Idle interval", HomeAssistantEntity.NumberBox).For(SettingTargets.Device),
        Boolean("motion", "Detect motion", s => s.Motion, (s, v) => s with { Motion = v }).Present(SettingGroups.Motion, "Motion detection", HomeAssistantEntity.Switch).For(SettingTargets.Device),
        Integer("motion_sensitivity", "Motion sensitivity (100 = the slightest change)", 1, 100, s => s.MotionSensitivity, (s, v) => s with { MotionSensitivity = v }).Present(SettingGroups.Motion, "Motion sensitivity", HomeAssistantEntity.NumberSlider).For(SettingTargets.Device),
        Number("motion_min_area", "Smallest moving area in percent of the region", 0.1, 100, s => s.MotionMinAreaPercent, (s, v) => s with { MotionMinAreaPercent = v }, step: 0.1, unit: "%").Present(SettingGroups.Motion, "Motion minimum area", HomeAssistantEntity.NumberBox).For(SettingTargets.Device),
        Region("motion_roi", "Where to look for motion: normalised x, y, width, height", s => s.MotionRoi, (s, v) => s with { MotionRoi = v }).Present(SettingGroups.Motion, "Motion region").For(SettingTargets.Device),
        Number("motion_hold", "Seconds of quiet before motion ends", 1, 600, s => s.MotionHoldSeconds, (s, v) => s with { MotionHoldSeconds = v }, step: 1, unit: "s").Present(SettingGroups.Motion, "Motion hold", HomeAssistantEntity.NumberBox).For(SettingTargets.Device),
        Boolean("preview", "Publish a small preview image", s => s.Preview, (s, v) => s with { Preview = v }).Present(SettingGroups.Stream, "Preview", HomeAssistantEntity.Switch).For(SettingTargets.Device),
        Integer("preview_size", "Preview's longest side in pixels", MinPreviewSize, MaxPreviewSize, s => s.PreviewSize, (s, v) => s with { PreviewSize = v }, unit: "px").Present(SettingGroups.Stream, "Preview size", HomeAssistantEntity.NumberBox).For(SettingTargets.Device),
    ];

    /// <summary>The names of the settings <paramref name="target"/> applies, in schema order.</summary>
    public static IReadOnlyList<string> NamesFor(SettingTargets target) =>
        All.Where(d => d.AppliesTo(target)).Select(d => d.Name).ToArray();

    /// <summary>"resolution" is accepted as a shorthand that sets width and height together ("1280x720").</summary>
    public const string ResolutionAlias = "resolution";

    private static readonly Dictionary<string, SettingDescriptor> s_byName =
        All.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<string> Names => All.Select(d => d.Name).Append(ResolutionAlias);

    public static SettingDescriptor? Find(string name) => s_byName.GetValueOrDefault(name);

    /// <summary>
    /// Applies a JSON object of settings all-or-nothing: every key is checked and every error reported, and nothing
    /// changes unless all of them are valid.
    /// </summary>
    public static SettingsPatchResult ApplyPatch(CameraSettings current, JsonElement patch)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (patch.ValueKind != JsonValueKind.Object)
        {
            return SettingsPatchResult.Failed(current, ["settings must be a JSON object such as {\"quality\": 70}"]);
        }

        var errors = new List<string>();
        var changed = new List<string>();
        var updated = current;
        foreach (var property in patch.EnumerateObject())
        {
            var before = updated;
            if (string.Equals(property.Name, ResolutionAlias, StringComparison.OrdinalIgnoreCase))
            {
                if (!TryApplyResolution(updated, property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : null, out updated, out var resolutionError))
                {
                    errors.Add(resolutionError);
                }
            }
            else if (s_byName.TryGetValue(property.Name, out var descriptor))
            {
                if (!descriptor.TryApply(updated, property.Value, out updated, out var error))
                {
                    errors.Add(error!);
                }
            }
            else
            {
                errors.Add($"{Truncated(property.Name)}: unknown setting (known: {string.Join(", ", Names)})");
            }

            if (!ReferenceEquals(before, updated) && before != updated)
            {
                changed.Add(property.Name.ToLowerInvariant());
            }
        }

        return Finish(current, updated, errors, changed);
    }

    /// <summary>Applies one plain-text value, as published on <c>set/&lt;name&gt;</c>.</summary>
    public static SettingsPatchResult ApplyText(CameraSettings current, string name, string text)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(text);
        CameraSettings updated;
        string? error;
        if (string.Equals(name, ResolutionAlias, StringComparison.OrdinalIgnoreCase))
        {
            // On success the reason is empty, which must not count as an error.
            error = TryApplyResolution(current, text.Trim(), out updated, out var resolutionError) ? null : resolutionError;
        }
        else if (s_byName.TryGetValue(name, out var descriptor))
        {
            descriptor.TryApplyText(current, text, out updated, out error);
        }
        else
        {
            return SettingsPatchResult.Failed(current, [$"{Truncated(name)}: unknown setting (known: {string.Join(", ", Names)})"]);
        }

        return Finish(current, updated, error is null ? [] : [error], current == updated ? [] : [name.ToLowerInvariant()]);
    }

    /// <summary>The settings as a JSON object keyed by setting name (used in the state topic and on disk).</summary>
    public static JsonObject ToJson(CameraSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var json = new JsonObject();
        foreach (var descriptor in All)
        {
            json[descriptor.Name] = descriptor.ToJson(settings);
        }

        json[ResolutionAlias] = FormatResolution(settings);
        return json;
    }

    public static string FormatResolution(CameraSettings settings) =>
        string.Create(CultureInfo.InvariantCulture, $"{settings.Width}x{settings.Height}");

    private static SettingsPatchResult Finish(CameraSettings current, CameraSettings updated, List<string> errors, List<string> changed)
    {
        // Rules that span settings are checked on the combined result so the order of keys never matters.
        if (errors.Count == 0 && !updated.AwbGains.IsAutomatic && updated.Awb is not ("auto" or "custom"))
        {
            errors.Add($"awb_gains: manual gains need awb \"auto\" or \"custom\" (awb is \"{updated.Awb}\")");
        }

        return errors.Count > 0
            ? SettingsPatchResult.Failed(current, errors)
            : SettingsPatchResult.Succeeded(updated, changed.Distinct().ToArray());
    }

    private static bool TryApplyResolution(CameraSettings current, string? text, out CameraSettings updated, out string error)
    {
        updated = current;
        error = string.Empty;
        if (text is not null
            && TextResolution(text, out var size)
            && IsDimension(size.Width)
            && IsDimension(size.Height))
        {
            updated = current with { Width = size.Width, Height = size.Height };
            return true;
        }

        error = $"resolution: must be WIDTHxHEIGHT with even numbers from {MinDimension} to {MaxDimension}, e.g. \"1280x720\" (got {(text is null ? "a non-string" : $"\"{Truncated(text)}\"")})";
        return false;
    }

    private static string FormatNumber(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static bool IsDimension(long value) => value is >= MinDimension and <= MaxDimension && value % 2 == 0;

    private static string Truncated(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    private static TypedSettingDescriptor<int> Integer(string name, string description, int min, int max, Func<CameraSettings, int> get, Func<CameraSettings, int, CameraSettings> set, int step = 1, string? unit = null)
    {
        var allowed = step == 1
            ? $"an integer from {min} to {max}"
            : step == max - min ? $"{min} or {max}" : $"an integer multiple of {step} from {min} to {max}";
        return new TypedSettingDescriptor<int>(
            name,
            SettingKind.WholeNumber,
            description,
            allowed,
            get,
            set,
            (JsonElement e, out int v) => Narrow(JsonInteger(e, out var l), l, out v),
            (string s, out int v) => Narrow(TextInteger(s, out var l), l, out v),
            v => v >= min && v <= max && (v - min) % step == 0,
            v => JsonValue.Create(v),
            v => v.ToString(CultureInfo.InvariantCulture))
        {
            Minimum = min,
            Maximum = max,
            Step = step,
            Unit = unit,
        };
    }

    private static bool Narrow(bool ok, long value, out int narrowed)
    {
        narrowed = (int)Math.Clamp(value, int.MinValue, int.MaxValue);
        return ok && narrowed == value;
    }

    private static TypedSettingDescriptor<long> Long(string name, string description, long min, long max, Func<CameraSettings, long> get, Func<CameraSettings, long, CameraSettings> set, string? unit = null) =>
        new(
            name,
            SettingKind.WholeNumber,
            description,
            $"an integer from {min} to {max}",
            get,
            set,
            JsonInteger,
            TextInteger,
            v => v >= min && v <= max,
            v => JsonValue.Create(v),
            v => v.ToString(CultureInfo.InvariantCulture))
        {
            Minimum = min,
            Maximum = max,
            Step = 1,
            Unit = unit,
        };

    private static TypedSettingDescriptor<double> Number(string name, string description, double min, double max, Func<CameraSettings, double> get, Func<CameraSettings, double, CameraSettings> set, double step, string? unit = null) =>
        new(
            name,
            SettingKind.Number,
            description,
            string.Create(CultureInfo.InvariantCulture, $"a number from {min} to {max}"),
            get,
            set,
            JsonNumber,
            TextNumber,
            v => v >= min && v <= max,
            v => JsonValue.Create(v),
            FormatNumber)
        {
            Minimum = min,
            Maximum = max,
            Step = step,
            Unit = unit,
        };

    private static TypedSettingDescriptor<bool> Boolean(string name, string description, Func<CameraSettings, bool> get, Func<CameraSettings, bool, CameraSettings> set) =>
        new(
            name,
            SettingKind.Boolean,
            description,
            "true or false (or \"ON\"/\"OFF\")",
            get,
            set,
            JsonBoolean,
            TextBoolean,
            _ => true,
            v => JsonValue.Create(v),
            v => v ? "ON" : "OFF");

    private static TypedSettingDescriptor<string> Choice(string name, string description, IReadOnlyList<string> options, Func<CameraSettings, string> get, Func<CameraSettings, string, CameraSettings> set) =>
        new(
            name,
            SettingKind.Choice,
            description,
            $"one of {string.Join(", ", options)}",
            get,
            set,
            (JsonElement e, out string v) => JsonString(e, out v) && Normalise(options, ref v),
            (string s, out string v) => Normalise(options, ref s) & ((v = s) == s),
            options.Contains,
            v => JsonValue.Create(v),
            v => v)
        {
            Options = options,
        };

    private static bool Normalise(IReadOnlyList<string> options, ref string value)
    {
        var lower = value.ToLowerInvariant();
        value = lower;
        return options.Contains(lower);
    }

    private static TypedSettingDescriptor<ColourGains> Gains() =>
        new(
            "awb_gains",
            SettingKind.Gains,
            "Manual red and blue white-balance gains (0,0 = automatic)",
            "[red, blue] with each from 0 to 32, both 0 for automatic, e.g. [1.8, 1.5] or \"1.8,1.5\"",
            s => s.AwbGains,
            (s, v) => s with { AwbGains = v },
            (JsonElement e, out ColourGains v) => ToGains(JsonNumbers(e, 2, out var n), n, out v),
            (string s, out ColourGains v) => ToGains(TextNumbers(s, 2, out var n), n, out v),
            v => v.Red is >= 0 and <= 32 && v.Blue is >= 0 and <= 32 && (v.IsAutomatic || (v.Red > 0 && v.Blue > 0)),
            v => new JsonArray(v.Red, v.Blue),
            v => v.ToString());

    private static bool ToGains(bool ok, double[] n, out ColourGains gains)
    {
        gains = ok ? new ColourGains(n[0], n[1]) : default;
        return ok;
    }

    private static TypedSettingDescriptor<RegionOfInterest> Region(string name, string description, Func<CameraSettings, RegionOfInterest> get, Func<CameraSettings, RegionOfInterest, CameraSettings> set) =>
        new(
            name,
            SettingKind.Region,
            description,
            "[x, y, width, height] from 0 to 1 with x+width <= 1 and y+height <= 1, e.g. [0.25, 0.25, 0.5, 0.5]",
            get,
            set,
            (JsonElement e, out RegionOfInterest v) => ToRegion(JsonNumbers(e, 4, out var n), n, out v),
            (string s, out RegionOfInterest v) => ToRegion(TextNumbers(s, 4, out var n), n, out v),
            v => v.X >= 0 && v.Y >= 0 && v.Width > 0 && v.Height > 0 && v.X + v.Width <= 1 + 1e-9 && v.Y + v.Height <= 1 + 1e-9,
            v => new JsonArray(v.X, v.Y, v.Width, v.Height),
            v => v.ToString());

    private static bool ToRegion(bool ok, double[] n, out RegionOfInterest region)
    {
        region = ok ? new RegionOfInterest(n[0], n[1], n[2], n[3]) : default;
        return ok;
    }
}
