namespace MqttCam.Mqtt.Interop;

/// <summary>Numeric constants from mosquitto.h and mqtt_protocol.h (2.0.11), kept with their C names.</summary>
internal static class MosquittoConstants
{
    internal const int MOSQ_ERR_SUCCESS = 0;
    internal const int MOSQ_ERR_NOMEM = 1;
    internal const int MOSQ_ERR_INVAL = 3;
    internal const int MOSQ_ERR_NO_CONN = 4;
    internal const int MOSQ_ERR_CONN_REFUSED = 5;
    internal const int MOSQ_ERR_CONN_LOST = 7;
    internal const int MOSQ_ERR_PAYLOAD_SIZE = 9;
    internal const int MOSQ_ERR_ERRNO = 14;
    internal const int MOSQ_ERR_MALFORMED_UTF8 = 18;
    internal const int MOSQ_ERR_KEEPALIVE = 19;

    internal const int MOSQ_OPT_PROTOCOL_VERSION = 1;
    internal const int MOSQ_OPT_TCP_NODELAY = 11;
    internal const int MOSQ_OPT_TLS_USE_OS_CERTS = 13;

    internal const int MQTT_PROP_MESSAGE_EXPIRY_INTERVAL = 2;
    internal const int MQTT_PROP_CONTENT_TYPE = 3;
    internal const int MQTT_PROP_RESPONSE_TOPIC = 8;
    internal const int MQTT_PROP_CORRELATION_DATA = 9;
    internal const int MQTT_PROP_USER_PROPERTY = 38;

    /// <summary>OpenSSL SSL_VERIFY_NONE, for mosquitto_tls_opts_set cert_reqs.</summary>
    internal const int SSL_VERIFY_NONE = 0;

    /// <summary>MQTT's largest representable payload (remaining length limit).</summary>
    internal const int MaxPayloadLength = 268_435_455;
}
