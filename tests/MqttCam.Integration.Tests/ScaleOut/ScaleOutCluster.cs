using System.Globalization;
using MqttCam.Integration.Tests.Support;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Processes;

namespace MqttCam.Integration.Tests.ScaleOut;

/// <summary>
/// The shipped <c>deploy/scale-out/</c> recipe on loopback: an edge mosquitto (cameras), a core mosquitto joined to
/// it by mosquitto's own bridge, two MqttCam.Bridge processes on the core broker and haproxy in front of them. The
/// only changes to the shipped files are ports, addresses and the broker's <c>user</c>; a file that no longer has
/// the line being replaced fails the test, so the recipe and its test cannot drift apart.
/// </summary>
internal sealed class ScaleOutCluster : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);
    private readonly List<IAsyncDisposable> _owned = [];

    private ScaleOutCluster()
    {
    }

    public MosquittoBroker Edge { get; private set; } = null!;

    public MosquittoBroker Core { get; private set; } = null!;

    public IReadOnlyList<BridgeProcess> Bridges { get; private set; } = [];

    public ChildProcess Haproxy { get; private set; } = null!;

    public Uri Front { get; private set; } = null!;

    public static async Task<ScaleOutCluster> StartAsync(CancellationToken cancellationToken)
    {
        string haproxy = ExecutableLocator.Require("haproxy", "haproxy");
        var cluster = new ScaleOutCluster();
        try
        {
            cluster.Edge = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions
            {
                ConfigTemplate = Listen(Read("mosquitto-edge.conf")),
            }, cancellationToken);
            cluster._owned.Add(cluster.Edge);

            string core = Replace(Listen(Read("mosquitto-core.conf")), "address edge.example:1883", $"address 127.0.0.1:{cluster.Edge.Port.ToString(CultureInfo.InvariantCulture)}");
            cluster.Core = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { ConfigTemplate = core }, cancellationToken);
            cluster._owned.Add(cluster.Core);

            var bridges = new List<BridgeProcess>();
            for (int i = 0; i < 2; i++)
            {
                var bridge = BridgeProcess.Start(cluster.Core.Host, cluster.Core.Port, BridgeProcess.FreePort());
                cluster._owned.Add(bridge);
                bridges.Add(bridge);
            }

            cluster.Bridges = bridges;
            foreach (var bridge in bridges)
            {
                await bridge.WaitUntilListeningAsync(s_startTimeout, cancellationToken);
            }

            int front = BridgeProcess.FreePort();
            string config = Read("haproxy.cfg");
            config = Replace(config, "bind :8080", $"bind 127.0.0.1:{front.ToString(CultureInfo.InvariantCulture)}");
            config = Replace(config, "127.0.0.1:8081", $"127.0.0.1:{bridges[0].Port.ToString(CultureInfo.InvariantCulture)}");
            config = Replace(config, "127.0.0.1:8082", $"127.0.0.1:{bridges[1].Port.ToString(CultureInfo.InvariantCulture)}");
            string folder = Directory.CreateTempSubdirectory("mqttcam-haproxy-").FullName;
            string configPath = Path.Combine(folder, "haproxy.cfg");
            await File.WriteAllTextAsync(configPath, config, cancellationToken);
            // -W: master-worker, which logs "Loading success." once the worker listens; -db: stay in the foreground.
            cluster.Haproxy = ChildProcess.Start(haproxy, ["-W", "-db", "-f", configPath]);
            cluster._owned.Add(new DeleteFolder(folder));
            cluster._owned.Add(cluster.Haproxy);
            await cluster.Haproxy.WaitForOutputLineAsync(l => l.Contains("Loading success.", StringComparison.Ordinal), s_startTimeout, cancellationToken);
            cluster.Front = new Uri($"http://127.0.0.1:{front.ToString(CultureInfo.InvariantCulture)}/");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every process's output, for a failure message.</summary>
    public string Logs() =>
        $"edge broker:\n{Edge?.GetLog()}\ncore broker:\n{Core?.GetLog()}\n" +
        string.Join('\n', Bridges.Select((b, i) => $"bridge {i + 1}:\n{b.Process.GetOutput()}")) +
        $"\nhaproxy:\n{Haproxy?.GetOutput()}";

    public async ValueTask DisposeAsync()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
    }

    private static string Read(string file) => File.ReadAllText(RepositoryPaths.Get("deploy", "scale-out", file));

    /// <summary>The shipped listener becomes the test broker's free loopback port; the broker runs as this user.</summary>
    private static string Listen(string config) =>
        Replace(config, "listener 1883 0.0.0.0", "listener {port} 127.0.0.1\nuser {user}\nlog_type subscribe");

    private static string Replace(string text, string shipped, string replacement)
    {
        Assert.True(text.Contains(shipped, StringComparison.Ordinal), $"the shipped config no longer contains '{shipped}'; update the recipe's test with it.");
        return text.Replace(shipped, replacement, StringComparison.Ordinal);
    }

    private sealed class DeleteFolder(string path) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is not worth failing a test over.
            }

            return ValueTask.CompletedTask;
        }
    }
}
