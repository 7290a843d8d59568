namespace MqttCam.Mqtt;

/// <summary>TLS settings, mapped to mosquitto_tls_set / mosquitto_tls_opts_set / mosquitto_tls_insecure_set.</summary>
public sealed class MqttTlsOptions
{
    /// <summary>PEM file of trusted CA certificates. With neither this nor <see cref="CaPath"/>, the OS trust store is used.</summary>
    public string? CaFile { get; set; }

    /// <summary>Directory of hashed CA certificates (c_rehash layout).</summary>
    public string? CaPath { get; set; }

    /// <summary>Client certificate (PEM) for mutual TLS; requires <see cref="KeyFile"/>.</summary>
    public string? CertFile { get; set; }

    /// <summary>Client private key (PEM, unencrypted) for mutual TLS.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Skips chain and host-name verification. Encryption without authentication: test setups only.</summary>
    public bool AllowUntrustedCertificates { get; set; }
}
