namespace MqttCam.Testing.Broker;

/// <summary>Configuration of a test broker started by <see cref="MosquittoBroker.StartAsync"/>.</summary>
public sealed class MosquittoBrokerOptions
{
    /// <summary>
    /// Lines appended to the generated config, e.g. <c>set_tcp_nodelay true</c> or <c>max_queued_messages 5000</c>.
    /// Ignored when <see cref="ConfigTemplate"/> is set.
    /// </summary>
    public IReadOnlyList<string> ExtraConfig { get; init; } = [];

    /// <summary>
    /// A whole mosquitto.conf replacing the generated one (ACL, TLS, passwords). Placeholders: <c>{port}</c> (the
    /// chosen port), <c>{dir}</c> (the broker's temp folder, for cert/password/acl files) and <c>{user}</c> (the
    /// current user, for the <c>user</c> option). Keep logging on stderr (the default) so readiness can be detected.
    /// </summary>
    public string? ConfigTemplate { get; init; }

    /// <summary>Files written into the temp folder before start, by file name (e.g. "acl", "ca.crt").</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>Log subscribe/unsubscribe events so <see cref="MosquittoBroker.WaitForSubscriptionAsync"/> works.</summary>
    public bool LogSubscriptions { get; init; } = true;

    /// <summary>How long start-up may take before it fails with the broker's log.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
