namespace MqttCam.Mqtt;

/// <summary>MQTT quality of service levels.</summary>
public enum MqttQos
{
    AtMostOnce = 0,
    AtLeastOnce = 1,
    ExactlyOnce = 2,
}
