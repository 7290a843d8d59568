namespace MqttCam.Mqtt.Configuration;

/// <summary>
/// The <c>Mqtt</c> configuration section shared by the device, the bridge and the command-line tool. It lives with
/// the MQTT library (not in Core) so the contracts do not depend on the transport; <see cref="MqttOptionsMapping"/>
/// turns it into <see cref="MqttClientOptions"/>.
/// </summary>
public sealed class MqttOptions
{
    public const string SectionName = "Mqtt";

    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 1883;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// Under which topic every camera lives. The rule for it is MqttCam's (<c>MqttCam.Core.Topics.TopicPrefix</c> in Core,
    /// passed to <see cref="MqttOptionsValidation.Validate"/>); the default is the same "mqttcam" (a Core test holds
    /// them together).
    /// </summary>
    public string TopicPrefix { get; set; } = "mqttcam";

    /// <summary>Defaults to a name derived from the application and camera id.</summary>
    public string? ClientId { get; set; }

    public int KeepAliveSeconds { get; set; } = 30;

    /// <summary>"5" (default) or "3.1.1".</summary>
    public string ProtocolVersion { get; set; } = "5";

    public MqttTlsSettings Tls { get; set; } = new();
}
