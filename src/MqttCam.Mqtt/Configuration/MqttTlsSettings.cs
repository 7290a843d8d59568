namespace MqttCam.Mqtt.Configuration;

/// <summary>The <c>Mqtt:Tls</c> section. A CA file turns TLS on; a client certificate and key are optional.</summary>
public sealed class MqttTlsSettings
{
    public bool Enabled { get; set; }

    public string? CaFile { get; set; }

    public string? CaPath { get; set; }

    public string? CertFile { get; set; }

    public string? KeyFile { get; set; }

    /// <summary>Skips host name verification; for test setups only.</summary>
    public bool AllowUntrusted { get; set; }
}
