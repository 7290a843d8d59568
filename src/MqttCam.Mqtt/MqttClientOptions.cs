using System.Security.Cryptography;

namespace MqttCam.Mqtt;

/// <summary>Settings for an <see cref="MqttClient"/>; read once by its constructor.</summary>
public sealed class MqttClientOptions
{
    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 1883;

    /// <summary>Defaults to a random id so that two processes never kick each other off the broker.</summary>
    public string ClientId { get; set; } = "mqttcam-" + RandomNumberGenerator.GetHexString(12, lowercase: true);

    public string? Username { get; set; }

    public string? Password { get; set; }

    public MqttTlsOptions? Tls { get; set; }

    /// <summary>Keep-alive interval; libmosquitto requires at least 5 seconds. A link silent for 1.5x this is dropped and redialled.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    public MqttProtocolVersion ProtocolVersion { get; set; } = MqttProtocolVersion.V5;

    public MqttLastWill? Will { get; set; }

    /// <summary>First reconnect delay; doubles per failed attempt up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Messages handed to libmosquitto and not yet written (QoS 0) or acknowledged (QoS 1/2).</summary>
    public int MaxPendingPublishes { get; set; } = 64;

    /// <summary>Same window as <see cref="MaxPendingPublishes"/>, in payload bytes. libmosquitto's own queue is unbounded.</summary>
    public long MaxPendingBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Capacity of <see cref="MqttClient.Messages"/>; when full the oldest message is dropped and counted.</summary>
    public int ReceiveQueueCapacity { get; set; } = 1024;
}
