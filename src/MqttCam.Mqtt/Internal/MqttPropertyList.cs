using System.Runtime.InteropServices;
using System.Text;
using MqttCam.Mqtt.Interop;

namespace MqttCam.Mqtt.Internal;

/// <summary>Converts <see cref="MqttMessageProperties"/> to and from libmosquitto's mosquitto_property lists.</summary>
internal static unsafe class MqttPropertyList
{
    /// <summary>Builds a native list; the caller frees it with mosquitto_property_free_all. Returns 0 when nothing is set.</summary>
    internal static nint Build(MqttMessageProperties properties)
    {
        nint list = 0;
        try
        {
            if (properties.ContentType is { } contentType)
            {
                Check(Mosquitto.mosquitto_property_add_string(&list, MosquittoConstants.MQTT_PROP_CONTENT_TYPE, contentType), "content type");
            }

            if (properties.ResponseTopic is { } responseTopic)
            {
                Check(Mosquitto.mosquitto_property_add_string(&list, MosquittoConstants.MQTT_PROP_RESPONSE_TOPIC, responseTopic), "response topic");
            }

            if (!properties.CorrelationData.IsEmpty)
            {
                fixed (byte* data = properties.CorrelationData.Span)
                {
                    Check(Mosquitto.mosquitto_property_add_binary(&list, MosquittoConstants.MQTT_PROP_CORRELATION_DATA, data, (ushort)properties.CorrelationData.Length), "correlation data");
                }
            }

            if (properties.MessageExpiryInterval is { } expiry)
            {
                Check(Mosquitto.mosquitto_property_add_int32(&list, MosquittoConstants.MQTT_PROP_MESSAGE_EXPIRY_INTERVAL, expiry), "message expiry interval");
            }

            foreach (KeyValuePair<string, string> pair in properties.UserProperties)
            {
                Check(Mosquitto.mosquitto_property_add_string_pair(&list, MosquittoConstants.MQTT_PROP_USER_PROPERTY, pair.Key, pair.Value), "user property");
            }

            return list;
        }
        catch
        {
            Mosquitto.mosquitto_property_free_all(&list);
            throw;
        }
    }

    /// <summary>Reads the publish properties of a received message; null when it carried none of them.</summary>
    internal static MqttMessageProperties? Read(nint list)
    {
        if (list == 0)
        {
            return null;
        }

        string? contentType = ReadString(list, MosquittoConstants.MQTT_PROP_CONTENT_TYPE);
        string? responseTopic = ReadString(list, MosquittoConstants.MQTT_PROP_RESPONSE_TOPIC);

        byte[] correlation = [];
        void* binary = null;
        ushort binaryLength = 0;
        if (Mosquitto.mosquitto_property_read_binary(list, MosquittoConstants.MQTT_PROP_CORRELATION_DATA, &binary, &binaryLength, false) != 0)
        {
            correlation = new ReadOnlySpan<byte>(binary, binaryLength).ToArray();
            NativeMemory.Free(binary);
        }

        uint expiryValue = 0;
        uint? expiry = Mosquitto.mosquitto_property_read_int32(list, MosquittoConstants.MQTT_PROP_MESSAGE_EXPIRY_INTERVAL, &expiryValue, false) != 0
            ? expiryValue
            : null;

        List<KeyValuePair<string, string>>? userProperties = null;
        byte* name = null;
        byte* value = null;
        nint cursor = Mosquitto.mosquitto_property_read_string_pair(list, MosquittoConstants.MQTT_PROP_USER_PROPERTY, &name, &value, false);
        while (cursor != 0)
        {
            userProperties ??= [];
            userProperties.Add(new KeyValuePair<string, string>(TakeString(name), TakeString(value)));
            cursor = Mosquitto.mosquitto_property_read_string_pair(cursor, MosquittoConstants.MQTT_PROP_USER_PROPERTY, &name, &value, true);
        }

        if (contentType is null && responseTopic is null && correlation.Length == 0 && expiry is null && userProperties is null)
        {
            return null;
        }

        return new MqttMessageProperties
        {
            ContentType = contentType,
            ResponseTopic = responseTopic,
            CorrelationData = correlation,
            MessageExpiryInterval = expiry,
            UserProperties = (IReadOnlyList<KeyValuePair<string, string>>?)userProperties ?? [],
        };
    }

    /// <summary>Checks values libmosquitto would reject, so the caller gets an ArgumentException that names the field.</summary>
    internal static void Validate(MqttMessageProperties properties, string paramName)
    {
        if (properties.CorrelationData.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"CorrelationData is {properties.CorrelationData.Length} bytes; MQTT allows at most {ushort.MaxValue}.", paramName);
        }

        if (properties.ResponseTopic is { } responseTopic && (responseTopic.Length == 0 || Mosquitto.mosquitto_pub_topic_check(responseTopic) != 0))
        {
            throw new ArgumentException($"ResponseTopic '{responseTopic}' is not a valid topic name (empty or contains '+' / '#').", paramName);
        }

        foreach (KeyValuePair<string, string> pair in properties.UserProperties)
        {
            if (pair.Key is null || pair.Value is null)
            {
                throw new ArgumentException("User property names and values must not be null.", paramName);
            }
        }
    }

    private static string? ReadString(nint list, int identifier)
    {
        byte* value = null;
        return Mosquitto.mosquitto_property_read_string(list, identifier, &value, false) != 0 ? TakeString(value) : null;
    }

    /// <summary>Copies a malloc'd UTF-8 string from libmosquitto and frees it.</summary>
    private static string TakeString(byte* value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        string result = Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(value));
        NativeMemory.Free(value);
        return result;
    }

    internal static void Check(int rc, string what)
    {
        if (rc != MosquittoConstants.MOSQ_ERR_SUCCESS)
        {
            throw MqttException.FromErrorCode(rc, "Cannot encode MQTT 5 " + what);
        }
    }
}
