namespace MqttCam.Configuration;

/// <summary>The <c>Mqtt</c> configuration section shared by the device, the bridge and the command-line tool.</summary>
public sealed class MqttOptions
{
    public const string SectionName = "Mqtt";

    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 1883;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string TopicPrefix { get; set; } = Topics.TopicPrefix.Default;

    /// <summary>Defaults to a name derived from the application and camera id.</summary>
    public string? ClientId { get; set; }

    public int KeepAliveSeconds { get; set; } = 30;

    /// <summary>"5" (default) or "3.1.1".</summary>
    public string ProtocolVersion { get; set; } = "5";

    public MqttTlsSettings Tls { get; set; } = new();
}
