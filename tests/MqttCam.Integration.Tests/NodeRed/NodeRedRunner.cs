using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using MqttCam.Integration.Tests.Support;
using MqttCam.Testing.Processes;

namespace MqttCam.Integration.Tests.NodeRed;

/// <summary>
/// Real Node-RED (pinned in examples/node-red/install-node-red.sh) running exactly the flows of examples/node-red:
/// their JSON arrays are joined into one flow file unchanged, and the broker and topics reach them through the
/// environment variables the flows document (MQTT_HOST, MQTT_PORT, MQTTCAM_PREFIX, MQTTCAM_CAMERA, ...).
/// The editor listens on a free loopback port so a test can press inject buttons (POST /inject/{id}) like a user.
/// </summary>
public sealed class NodeRedRunner : IAsyncDisposable
{
    private readonly DirectoryInfo _folder;

    private NodeRedRunner(ChildProcess process, DirectoryInfo folder, int port)
    {
        Process = process;
        _folder = folder;
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public ChildProcess Process { get; }

    public Uri BaseAddress { get; }

    public static IReadOnlyList<string> FlowFiles => Directory.GetFiles(RepositoryPaths.Get("examples", "node-red"), "*.json").Order(StringComparer.Ordinal).ToArray();

    public static async Task<NodeRedRunner> StartAsync(IReadOnlyDictionary<string, string?> environment)
    {
        var install = (await ScriptRunner.RunAsync(RepositoryPaths.Get("examples", "node-red", "install-node-red.sh"), [], TimeSpan.FromMinutes(5))).Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
        var redJs = Path.Combine(install, "node_modules", "node-red", "red.js");
        Assert.True(File.Exists(redJs), $"install-node-red.sh did not install Node-RED in {install}");
        var node = ExecutableLocator.Require("node", "nodejs");

        var folder = Directory.CreateTempSubdirectory("mqttcam-node-red-");
        var flows = new JsonArray();
        foreach (var file in FlowFiles)
        {
            foreach (var item in JsonNode.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken))!.AsArray())
            {
                flows.Add(item!.DeepClone());
            }
        }

        var flowFile = Path.Combine(folder.FullName, "flows.json");
        await File.WriteAllTextAsync(flowFile, flows.ToJsonString(), TestContext.Current.CancellationToken);
        var port = GetFreePort();
        var settings = Path.Combine(folder.FullName, "settings.js");
        await File.WriteAllTextAsync(settings, $$"""
            module.exports = {
                flowFile: {{JsonSerializer.Serialize(flowFile)}},
                userDir: {{JsonSerializer.Serialize(folder.FullName)}},
                uiHost: "127.0.0.1",
                uiPort: {{port}},
                credentialSecret: false,
                logging: { console: { level: "info" } },
            };
            """, TestContext.Current.CancellationToken);

        var process = ChildProcess.Start(node, [redJs, "--settings", settings], new ChildProcessOptions { Environment = environment });
        var runner = new NodeRedRunner(process, folder, port);
        try
        {
            await process.WaitForOutputLineAsync(l => l.Contains("Started flows", StringComparison.Ordinal), TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            return runner;
        }
        catch
        {
            await runner.DisposeAsync();
            throw;
        }
    }

    /// <summary>Presses an inject node's button, as the editor does.</summary>
    public async Task InjectAsync(HttpClient http, string nodeId)
    {
        using var response = await http.PostAsync(new Uri(BaseAddress, "inject/" + nodeId), null, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"inject {nodeId}: HTTP {(int)response.StatusCode}\n{Process.GetOutput()}");
    }

    /// <summary>The text a debug node (console output on) logged, e.g. "[debug:capture] saved /tmp/x.jpg" gives "saved /tmp/x.jpg".</summary>
    public async Task<string> WaitForDebugAsync(string debugName, string startsWith, TimeSpan timeout)
    {
        var marker = $"[debug:{debugName}] {startsWith}";
        var line = await Process.WaitForOutputLineAsync(l => l.Contains(marker, StringComparison.Ordinal), timeout, TestContext.Current.CancellationToken);
        return line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length - startsWith.Length)..];
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    private static int GetFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
