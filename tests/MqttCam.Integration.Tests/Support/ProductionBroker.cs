using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MqttCam.Mqtt;
using MqttCam.Testing.Broker;

namespace MqttCam.Integration.Tests.Support;

/// <summary>
/// mosquitto running <c>mosquitto/production/mosquitto.conf</c> as shipped, with users added by
/// <c>scripts/mosquitto-add-user.sh</c> and a CA made by <c>mosquitto/production/make-ca.sh</c>. The only changes to the
/// config: the 1883/8883 listeners move to free loopback ports, <c>/etc/mosquitto/mqttcam</c> to a temp folder,
/// <c>user mosquitto</c> becomes the current user, persistence is off, and subscriptions are logged (test readiness).
/// </summary>
public sealed class ProductionBroker : IAsyncLifetime
{
    public const string ConfigFolder = "/etc/mosquitto/mqttcam";

    /// <summary>Users and passwords created through the script: two cameras and the three service roles.</summary>
    public static readonly IReadOnlyList<(string Role, string Name)> Users =
        [("device", "cam1"), ("device", "cam2"), ("bridge", "bridge"), ("ingest", "ingest"), ("homeassistant", "homeassistant"), ("nodered", "nodered")];

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mqttcam-prod-broker-");
    private MosquittoBroker? _broker;

    public MosquittoBroker Broker => _broker ?? throw new InvalidOperationException("Not started.");

    public string Host => Broker.Host;

    /// <summary>The plain listener (1883 in the shipped config).</summary>
    public int Port => Broker.Port;

    /// <summary>The TLS listener (8883 in the shipped config).</summary>
    public int TlsPort { get; private set; }

    public string CaFile => Path.Combine(_folder.FullName, "tls", "ca.crt");

    public static string PasswordOf(string user) => "pw-" + user + "-7Hq";

    public MqttClientOptions ClientOptions(string? user, bool tls = false, string? caFile = null) => new()
    {
        Host = Host,
        Port = tls ? TlsPort : Port,
        Username = user,
        Password = user is null ? null : PasswordOf(user),
        Tls = tls ? new MqttTlsOptions { CaFile = caFile ?? CaFile } : null,
        ReconnectDelay = TimeSpan.FromMilliseconds(200),
    };

    public async ValueTask InitializeAsync()
    {
        var timeout = TimeSpan.FromSeconds(60);
        File.Copy(RepositoryPaths.Get("mosquitto", "production", "acl"), Path.Combine(_folder.FullName, "acl"));
        foreach (var (role, name) in Users)
        {
            await ScriptRunner.RunAsync(RepositoryPaths.Get("scripts", "mosquitto-add-user.sh"), ["-d", _folder.FullName, role, name, PasswordOf(name)], timeout);
        }

        await ScriptRunner.RunAsync(RepositoryPaths.Get("mosquitto", "production", "make-ca.sh"), [Path.Combine(_folder.FullName, "tls"), "127.0.0.1", "localhost"], timeout);

        TlsPort = GetFreePort();
        var template = Render(await File.ReadAllTextAsync(RepositoryPaths.Get("mosquitto", "production", "mosquitto.conf"), TestContext.Current.CancellationToken));
        _broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { ConfigTemplate = template }, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        _folder.Delete(recursive: true);
    }

    private string Render(string shipped)
    {
        var config = shipped
            .Replace(ConfigFolder, _folder.FullName, StringComparison.Ordinal)
            .Replace("\nlistener 1883 127.0.0.1\n", "\nlistener {port} 127.0.0.1\n", StringComparison.Ordinal)
            .Replace("\nlistener 8883\n", $"\nlistener {TlsPort.ToString(CultureInfo.InvariantCulture)} 127.0.0.1\n", StringComparison.Ordinal)
            .Replace("\nuser mosquitto\n", "\nuser {user}\n", StringComparison.Ordinal)
            .Replace("\npersistence true\n", "\npersistence false\n", StringComparison.Ordinal);
        foreach (var expected in new[] { "listener {port} 127.0.0.1", "user {user}", "persistence false", $"listener {TlsPort} 127.0.0.1" })
        {
            Assert.True(config.Contains(expected, StringComparison.Ordinal), $"mosquitto/production/mosquitto.conf changed shape: '{expected}' could not be substituted.");
        }

        return config + "log_type subscribe\nlog_type unsubscribe\n";
    }

    private static int GetFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
