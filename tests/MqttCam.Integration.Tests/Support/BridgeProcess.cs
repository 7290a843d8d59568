using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MqttCam.Testing.Processes;

namespace MqttCam.Integration.Tests.Support;

/// <summary>
/// The real MqttCam.Bridge program as a child process (so a test can kill it), run from its own build output: its
/// appsettings.json would clash with the device's in this test project's folder.
/// </summary>
public sealed class BridgeProcess : IAsyncDisposable
{
    private BridgeProcess(ChildProcess process, int port)
    {
        Process = process;
        Port = port;
        Address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public ChildProcess Process { get; }

    public int Port { get; }

    public Uri Address { get; }

    public static BridgeProcess Start(string mqttHost, int mqttPort, int httpPort, params string[] extraArgs)
    {
        string[] args =
        [
            Program,
            "--urls", $"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}",
            $"--Mqtt:Host={mqttHost}",
            $"--Mqtt:Port={mqttPort.ToString(CultureInfo.InvariantCulture)}",
            .. extraArgs,
        ];
        var process = ChildProcess.Start("dotnet", args, new ChildProcessOptions
        {
            Environment = new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = "Production" },
        });
        return new BridgeProcess(process, httpPort);
    }

    /// <summary>MqttCam.Bridge.dll in src/MqttCam.Bridge/bin/&lt;configuration&gt;/&lt;tfm&gt;/, built through the project reference.</summary>
    private static string Program
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string path = RepositoryPaths.Get("src", "MqttCam.Bridge", "bin", output.Parent!.Name, output.Name, "MqttCam.Bridge.dll");
            Assert.True(File.Exists(path), $"{path} is missing: build MqttCam.sln (the test project references the bridge).");
            return path;
        }
    }

    /// <summary>A free loopback TCP port for a child's listener (released just before the child binds it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>ASP.NET Core logs "Now listening on" once Kestrel has bound its port.</summary>
    public Task WaitUntilListeningAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        Process.WaitForOutputLineAsync(l => l.Contains("Now listening on", StringComparison.Ordinal), timeout, cancellationToken);

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
