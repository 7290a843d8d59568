namespace MqttCam.Mqtt;

/// <summary>MQTT protocol level sent in CONNECT (values match libmosquitto's MQTT_PROTOCOL_*).</summary>
public enum MqttProtocolVersion
{
    V311 = 4,
    V5 = 5,
}
