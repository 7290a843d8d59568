using MqttCam.Mqtt;
using MqttCam.Mqtt.Configuration;

namespace MqttCam.Bridge.Hosting;

/// <summary>Maps the shared <c>Mqtt</c> configuration section onto the libmosquitto client's options.</summary>
internal static class MqttClientFactory
{
    public static MqttClient Create(MqttOptions options, BridgeInstance instance, ILogger<MqttClient> logger)
    {
        var clientOptions = new MqttClientOptions
        {
            Host = options.Host,
            Port = options.Port,
            Username = options.Username,
            Password = options.Password,
            ClientId = string.IsNullOrEmpty(options.ClientId) ? $"mqttcam-bridge-{instance.Tag}" : options.ClientId,
            KeepAlive = TimeSpan.FromSeconds(options.KeepAliveSeconds),
            ProtocolVersion = options.ProtocolVersion == "3.1.1" ? MqttProtocolVersion.V311 : MqttProtocolVersion.V5,

            // The bridge mostly receives; a deep receive queue rides out bursts of retained frames at start-up.
            ReceiveQueueCapacity = 4096,
        };

        if (options.Tls.Enabled || !string.IsNullOrEmpty(options.Tls.CaFile) || !string.IsNullOrEmpty(options.Tls.CaPath))
        {
            clientOptions.Tls = new MqttTlsOptions
            {
                CaFile = options.Tls.CaFile,
                CaPath = options.Tls.CaPath,
                CertFile = options.Tls.CertFile,
                KeyFile = options.Tls.KeyFile,
                AllowUntrustedCertificates = options.Tls.AllowUntrusted,
            };
        }

        return new MqttClient(clientOptions, logger);
    }
}
