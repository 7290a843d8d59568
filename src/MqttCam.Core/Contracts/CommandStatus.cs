namespace MqttCam.Core.Contracts;

/// <summary>Values of <c>status</c> in a command response (Zigbee2MQTT's bridge/response convention).</summary>
public static class CommandStatus
{
    public const string Ok = "ok";
    public const string Error = "error";
}
