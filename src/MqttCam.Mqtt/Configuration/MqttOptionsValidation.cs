namespace MqttCam.Mqtt.Configuration;

/// <summary>One clear message per bad key, named as the user wrote it in configuration (<c>Mqtt:Port</c>).</summary>
public static class MqttOptionsValidation
{
    /// <param name="options">The bound section.</param>
    /// <param name="isValidTopicPrefix">The topic-prefix rule, which belongs to the MqttCam contract (<c>TopicPrefix.IsValid</c> in Core).</param>
    public static IReadOnlyList<string> Validate(MqttOptions options, Func<string?, bool> isValidTopicPrefix)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(isValidTopicPrefix);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            errors.Add("Mqtt:Host: must name the broker host (e.g. localhost)");
        }

        if (options.Port is < 1 or > 65535)
        {
            errors.Add($"Mqtt:Port: must be from 1 to 65535 (got {options.Port})");
        }

        if (!isValidTopicPrefix(options.TopicPrefix))
        {
            errors.Add($"Mqtt:TopicPrefix: must be non-empty, without leading/trailing '/', '+' or '#' (got '{options.TopicPrefix}')");
        }

        if (options.KeepAliveSeconds is < 5 or > 65535)
        {
            errors.Add($"Mqtt:KeepAliveSeconds: must be from 5 to 65535 (got {options.KeepAliveSeconds})");
        }

        if (options.ProtocolVersion is not ("5" or "3.1.1"))
        {
            errors.Add($"Mqtt:ProtocolVersion: must be \"5\" or \"3.1.1\" (got '{options.ProtocolVersion}')");
        }

        if (options.Password is not null && string.IsNullOrEmpty(options.Username))
        {
            errors.Add("Mqtt:Password: is set but Mqtt:Username is not");
        }

        if (options.ClientId is { Length: > 0 } id && (id.Length > 128 || id.Any(char.IsControl)))
        {
            errors.Add("Mqtt:ClientId: must be at most 128 printable characters");
        }

        var tls = options.Tls;
        foreach (var (key, path) in new[] { ("CaFile", tls.CaFile), ("CertFile", tls.CertFile), ("KeyFile", tls.KeyFile) })
        {
            if (!string.IsNullOrEmpty(path) && !File.Exists(path))
            {
                errors.Add($"Mqtt:Tls:{key}: file not found: {path}");
            }
        }

        if (!string.IsNullOrEmpty(tls.CaPath) && !Directory.Exists(tls.CaPath))
        {
            errors.Add($"Mqtt:Tls:CaPath: directory not found: {tls.CaPath}");
        }

        if (string.IsNullOrEmpty(tls.CertFile) != string.IsNullOrEmpty(tls.KeyFile))
        {
            errors.Add("Mqtt:Tls:CertFile and Mqtt:Tls:KeyFile: a client certificate needs both");
        }

        if (tls.Enabled && string.IsNullOrEmpty(tls.CaFile) && string.IsNullOrEmpty(tls.CaPath))
        {
            errors.Add("Mqtt:Tls:Enabled: TLS needs Mqtt:Tls:CaFile or Mqtt:Tls:CaPath");
        }

        return errors;
    }
}
