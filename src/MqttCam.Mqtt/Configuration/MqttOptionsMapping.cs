namespace MqttCam.Mqtt.Configuration;

/// <summary>Turns the configuration section into client options, so every MqttCam program connects the same way.</summary>
public static class MqttOptionsMapping
{
    public static MqttClientOptions ToClientOptions(this MqttOptions options, string defaultClientId)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tls = options.Tls;
        var useTls = tls.Enabled || !string.IsNullOrEmpty(tls.CaFile) || !string.IsNullOrEmpty(tls.CaPath);
        return new MqttClientOptions
        {
            Host = options.Host,
            Port = options.Port,
            ClientId = string.IsNullOrEmpty(options.ClientId) ? defaultClientId : options.ClientId,
            Username = string.IsNullOrEmpty(options.Username) ? null : options.Username,
            Password = options.Password,
            KeepAlive = TimeSpan.FromSeconds(options.KeepAliveSeconds),
            ProtocolVersion = options.ProtocolVersion == "3.1.1" ? MqttProtocolVersion.V311 : MqttProtocolVersion.V5,
            Tls = useTls
                ? new MqttTlsOptions
                {
                    CaFile = tls.CaFile,
                    CaPath = tls.CaPath,
                    CertFile = tls.CertFile,
                    KeyFile = tls.KeyFile,
                    AllowUntrustedCertificates = tls.AllowUntrusted,
                }
                : null,
        };
    }
}
