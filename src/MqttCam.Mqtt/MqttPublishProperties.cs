using System.Text;
using MqttCam.Mqtt.Interop;
using static MqttCam.Mqtt.Internal.MqttPropertyList;

namespace MqttCam.Mqtt;

/// <summary>
/// Reusable MQTT 5 publish properties for a hot path (a frame per publish): values are formatted on the stack and
/// written as UTF-8 straight into libmosquitto's native list, so filling and publishing them allocates no managed
/// memory. libmosquitto copies the list into the packet, so it can be cleared and refilled right after the publish.
/// Not thread-safe: one per publisher, filled and published under the caller's own lock. Ignored for MQTT 3.1.1.
/// </summary>
public sealed unsafe class MqttPublishProperties : IDisposable
{
    // Longest formatted value (a round-trip DateTimeOffset is 33 chars); more is refused rather than truncated.
    private const int MaxValueChars = 64;

    private nint _list;

    /// <summary>The native mosquitto_property list, or 0 when empty.</summary>
    internal nint List => _list;

    /// <summary>Removes every property (frees the native list).</summary>
    public void Clear()
    {
        nint list = _list;
        if (list != 0)
        {
            Mosquitto.mosquitto_property_free_all(&list);
            _list = list;
        }
    }

    public void SetContentType(string contentType)
    {
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        nint list = _list;
        int rc = Mosquitto.mosquitto_property_add_string(&list, MosquittoConstants.MQTT_PROP_CONTENT_TYPE, contentType);
        _list = list;
        Check(rc, "content type");
    }

    /// <summary>Adds a user property whose value is <paramref name="value"/> formatted (invariant culture) with <paramref name="format"/>.</summary>
    public void AddUserProperty<T>(string name, T value, ReadOnlySpan<char> format = default)
        where T : ISpanFormattable
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<char> chars = stackalloc char[MaxValueChars];
        if (!value.TryFormat(chars, out int written, format, System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new ArgumentException($"User property '{name}' is longer than {MaxValueChars} characters when formatted.", nameof(value));
        }

        Span<byte> utf8 = stackalloc byte[(MaxValueChars * 3) + 1];
        int length = Encoding.UTF8.GetBytes(chars[..written], utf8);
        utf8[length] = 0;
        nint list = _list;
        int rc;
        fixed (byte* text = utf8)
        {
            rc = Mosquitto.mosquitto_property_add_string_pair(&list, MosquittoConstants.MQTT_PROP_USER_PROPERTY, name, text);
        }

        _list = list;
        Check(rc, "user property");
    }

    public void Dispose() => Clear();
}
