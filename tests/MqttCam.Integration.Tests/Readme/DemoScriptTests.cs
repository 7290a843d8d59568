using System.Net;
using System.Net.Sockets;
using MqttCam.Integration.Tests.Support;
using MqttCam.Testing.Processes;

namespace MqttCam.Integration.Tests.Readme;

/// <summary>The README's first command: broker, device on the test pattern and bridge, with a frame flowing through all three.</summary>
public sealed class DemoScriptTests
{
    [Fact]
    public async Task DemoScript_Check_StartsEverythingAndAFrameReachesTheBridge()
    {
        var httpPort = FreePort();
        var mqttPort = FreePort();
        await using var demo = ChildProcess.Start(
            "bash",
            [RepositoryPaths.Get("scripts", "demo.sh"), "--check", "--http-port", httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--mqtt-port", mqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new ChildProcessOptions { WorkingDirectory = RepositoryPaths.Root });

        // Includes a Release build of the device and the bridge the first time.
        var exitCode = await demo.WaitForExitAsync(TimeSpan.FromMinutes(6), TestContext.Current.CancellationToken);

        var output = demo.GetOutput();
        Assert.True(exitCode == 0, output);
        Assert.Contains($"MqttCam is running: open http://127.0.0.1:{httpPort}/", output, StringComparison.Ordinal);
        var first = await File.ReadAllBytesAsync(RepositoryPaths.Get(".demo", "first.jpeg"), TestContext.Current.CancellationToken);
        Assert.Equal([0xFF, 0xD8], first[..2]);

        // --check stops what it started: nothing is left listening on the demo's ports.
        Assert.False(IsListening(httpPort));
        Assert.False(IsListening(mqttPort));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
