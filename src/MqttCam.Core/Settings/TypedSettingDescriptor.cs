using System.Text.Json;
using System.Text.Json.Nodes;

namespace MqttCam.Core.Settings;

/// <summary>A setting of value type <typeparamref name="T"/>; parsing and range checks are supplied by the schema.</summary>
public sealed class TypedSettingDescriptor<T> : SettingDescriptor
{
    private readonly Func<CameraSettings, T> _get;
    private readonly Func<CameraSettings, T, CameraSettings> _set;
    private readonly ValueParser<JsonElement, T> _readJson;
    private readonly ValueParser<string, T> _parseText;
    private readonly Func<T, bool> _isAllowed;
    private readonly Func<T, JsonNode?> _toJson;
    private readonly Func<T, string> _format;
    private readonly string _allowed;

    internal TypedSettingDescriptor(
        string name,
        SettingKind kind,
        string description,
        string allowed,
        Func<CameraSettings, T> get,
        Func<CameraSettings, T, CameraSettings> set,
        ValueParser<JsonElement, T> readJson,
        ValueParser<string, T> parseText,
        Func<T, bool> isAllowed,
        Func<T, JsonNode?> toJson,
        Func<T, string> format)
        : base(name, kind, description)
    {
        _allowed = allowed;
        _get = get;
        _set = set;
        _readJson = readJson;
        _parseText = parseText;
        _isAllowed = isAllowed;
        _toJson = toJson;
        _format = format;
    }

    public override string Allowed => _allowed;

    public T GetValue(CameraSettings settings) => _get(settings);

    public override bool TryApply(CameraSettings current, JsonElement value, out CameraSettings updated, out string? reason) =>
        Accept(current, _readJson(value, out var parsed), parsed, Describe(value), out updated, out reason);

    public override bool TryApplyText(CameraSettings current, string text, out CameraSettings updated, out string? reason) =>
        Accept(current, _parseText(text.Trim(), out var parsed), parsed, $"\"{Truncate(text)}\"", out updated, out reason);

    public override JsonNode? ToJson(CameraSettings settings) => _toJson(_get(settings));

    public override string FormatValue(CameraSettings settings) => _format(_get(settings));

    private bool Accept(CameraSettings current, bool read, T parsed, string got, out CameraSettings updated, out string? error)
    {
        if (!read || !_isAllowed(parsed))
        {
            updated = current;
            error = Invalid(got);
            return false;
        }

        updated = _set(current, parsed);
        error = null;
        return true;
    }
}
