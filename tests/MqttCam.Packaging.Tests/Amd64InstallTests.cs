using System.Text.Json;
using MqttCam.Core.Topics;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Mqtt;

namespace MqttCam.Packaging.Tests;

/// <summary>
/// Installs the amd64 packages with apt on this (throwaway, root) machine, runs the installed programs against a test
/// broker and purges them, even when an assertion fails. A Pi user does the same with the arm64 packages.
/// </summary>
[Collection(PackagesGroup.Name)]
public sealed class Amd64InstallTests(PackagesFixture packages)
{
    private static readonly string[] s_packages = ["mqttcam-device", "mqttcam-bridge"];

    [Fact]
    public async Task Installed_packages_carry_a_frame_from_device_to_bridge_and_purge_leaves_nothing()
    {
        Assert.True(Environment.UserName == "root", "installing packages needs root (CI runs as root on a throwaway machine)");
        var files = new List<string>();
        foreach (var package in s_packages)
        {
            var contents = await Run.ToolAsync("dpkg-deb", "-c", packages.PathOf(package, "amd64"));
            files.AddRange(contents.Split('\n').Where(l => l.StartsWith('-') || l.StartsWith('l'))
                .Select(l => l[(l.IndexOf("./", StringComparison.Ordinal) + 1)..].Split(" -> ")[0]));
        }

        try
        {
            await Run.ToolAsync("apt-get", "install", "-y", "-q", packages.PathOf("mqttcam-device", "amd64"), packages.PathOf("mqttcam-bridge", "amd64"));
            await AssertInstalledAsync();
            await AssertFrameReachesBridgeAsync();
        }
        finally
        {
            var (exit, output) = await Run.ToolExitAsync("apt-get", ["purge", "-y", "-q", .. s_packages]);
            Assert.True(exit == 0, output);
        }

        var left = files.Where(f => File.Exists(f) || Directory.Exists(f)).ToList();
        Assert.True(left.Count == 0, "left after purge: " + string.Join(", ", left));
        Assert.False(Directory.Exists("/etc/mqttcam"), "/etc/mqttcam left after purge");
        Assert.False(Directory.Exists("/var/lib/mqttcam-device"), "/var/lib/mqttcam-device left after purge");
        var (userExit, _) = await Run.ToolExitAsync("getent", "passwd", "mqttcam");
        Assert.True(userExit != 0, "user mqttcam left after purge");
    }

    private static async Task AssertInstalledAsync()
    {
        foreach (var path in new[]
                 {
                     "/usr/bin/mqttcam-device", "/usr/bin/mqttcam", "/usr/bin/mqttcam-bridge", "/usr/lib/mqttcam-device/MqttCam.Device",
                     "/lib/systemd/system/mqttcam-device.service", "/lib/systemd/system/mqttcam-bridge.service",
                     "/etc/mqttcam/device.env", "/etc/mqttcam/bridge.env",
                 })
        {
            Assert.True(File.Exists(path), path + " not installed");
        }

        var conffiles = await Run.ToolAsync("dpkg-query", "-W", "-f=${Conffiles}\n", "mqttcam-device", "mqttcam-bridge");
        Assert.Contains("/etc/mqttcam/device.env", conffiles, StringComparison.Ordinal);
        Assert.Contains("/etc/mqttcam/bridge.env", conffiles, StringComparison.Ordinal);
        var groups = await Run.ToolAsync("id", "-nG", "mqttcam");
        Assert.Contains("video", groups.Split(' ', '\n'));
        var unit = await File.ReadAllTextAsync("/lib/systemd/system/mqttcam-device.service");
        Assert.Contains("RestartPreventExitStatus=2", unit, StringComparison.Ordinal);
        Assert.Contains("KillMode=control-group", unit, StringComparison.Ordinal);
        Assert.Contains("StateDirectory=mqttcam-device", unit, StringComparison.Ordinal);
        var help = await Run.ToolAsync("/usr/bin/mqttcam", "--help");
        Assert.Contains("Usage", help, StringComparison.OrdinalIgnoreCase);
    }

    private async Task AssertFrameReachesBridgeAsync()
    {
        var token = TestContext.Current.CancellationToken;
        await using var broker = await MosquittoBroker.StartAsync(cancellationToken: token);
        var prefix = "pkg" + Guid.NewGuid().ToString("N")[..8];
        var topics = new CameraTopics(prefix, "pkgcam");
        await using var probe = await MqttProbe.ConnectAsync(broker, prefix);
        await probe.SubscribeAsync(topics.State);
        var port = InstalledProgram.FreeLoopbackPort();
        await using var bridge = await InstalledProgram.StartBridgeAsync("/usr/bin/mqttcam-bridge", [], broker, prefix, port, TimeSpan.FromSeconds(60), token);

        // The unit's StateDirectory, so purge is proven to remove what the running device kept there.
        Directory.CreateDirectory("/var/lib/mqttcam-device");
        await using var device = InstalledProgram.StartDevice("/usr/bin/mqttcam-device", [], broker, prefix, "pkgcam", "/var/lib/mqttcam-device");
        await probe.WaitUntilOnlineAsync(topics);
        var state = await probe.WaitForAsync(m => m.Topic == topics.State);
        using (var json = JsonDocument.Parse(state.Payload))
        {
            Assert.Equal(packages.Version, json.RootElement.GetProperty("version").GetString());
        }

        var body = await InstalledProgram.AwaitLiveJpegAsync(port, "pkgcam", TimeSpan.FromSeconds(30), () => device.GetOutput() + "\n" + bridge.GetOutput(), token);
        Assert.True(InstalledProgram.IsJpeg(body), "bridge served no JPEG");

        // The web page is compiled into the NativeAOT binary: the installed bridge serves it with nothing beside it.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var page = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/cameras/pkgcam"), token);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>MqttCam</title>", await page.Content.ReadAsStringAsync(token), StringComparison.Ordinal);
    }
}
