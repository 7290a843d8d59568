using System.Text.Json;
using MqttCam.Core.Topics;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Mqtt;
using MqttCam.Testing.Processes;

namespace MqttCam.Packaging.Tests;

/// <summary>The arm64 device and bridge from their packages, unpacked and run under qemu-aarch64-static with Debian's arm64 libraries.</summary>
[Collection(PackagesGroup.Name)]
public sealed class Arm64QemuTests(PackagesFixture packages)
{
    [Fact]
    public async Task Arm64_device_under_qemu_publishes_a_frame_and_valid_state_and_kill_gives_offline()
    {
        var token = TestContext.Current.CancellationToken;
        foreach (var library in new[] { "/usr/lib/aarch64-linux-gnu/libmosquitto.so.1", "/usr/lib/aarch64-linux-gnu/libturbojpeg.so.0" })
        {
            Assert.True(File.Exists(library), $"{library} missing: dpkg --add-architecture arm64 && apt-get install libmosquitto1:arm64 libturbojpeg0:arm64");
        }

        var qemu = ExecutableLocator.Require("qemu-aarch64-static", "qemu-user-static");
        var root = Directory.CreateTempSubdirectory("mqttcam-arm64-");
        try
        {
            await Run.ToolAsync("dpkg-deb", "-x", packages.PathOf("mqttcam-device", "arm64"), root.FullName);
            var program = Path.Combine(root.FullName, "usr/lib/mqttcam-device/MqttCam.Device");
            var file = await Run.ToolAsync("file", "-L", program);
            Assert.Contains("aarch64", file, StringComparison.Ordinal);

            await using var broker = await MosquittoBroker.StartAsync(cancellationToken: token);
            var prefix = "arm" + Guid.NewGuid().ToString("N")[..8];
            var topics = new CameraTopics(prefix, "armcam");
            await using var probe = await MqttProbe.ConnectAsync(broker, prefix);
            await probe.SubscribeAsync(topics.Image);
            await probe.SubscribeAsync(topics.State);
            var state = Path.Combine(root.FullName, "state");
            await using var device = InstalledProgram.StartDevice(qemu, [program], broker, prefix, "armcam", state, fps: 2);

            await probe.WaitUntilOnlineAsync(topics);
            var frame = await probe.WaitForAsync(m => m.Topic == topics.Image, TimeSpan.FromSeconds(60));
            Assert.True(InstalledProgram.IsJpeg(frame.Payload.Span), "arm64 device published no JPEG");
            var stateMessage = await probe.WaitForAsync(m => m.Topic == topics.State);
            using (var json = JsonDocument.Parse(stateMessage.Payload))
            {
                Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
                Assert.Equal(packages.Version, json.RootElement.GetProperty("version").GetString());
            }

            // The arm64 NativeAOT bridge from its package: listens, serves /healthz and the device's frame.
            await Run.ToolAsync("dpkg-deb", "-x", packages.PathOf("mqttcam-bridge", "arm64"), root.FullName);
            var bridgeProgram = Path.Combine(root.FullName, "usr/lib/mqttcam-bridge/MqttCam.Bridge");
            Assert.Contains("aarch64", await Run.ToolAsync("file", "-L", bridgeProgram), StringComparison.Ordinal);
            var port = InstalledProgram.FreeLoopbackPort();
            await using (var bridge = await InstalledProgram.StartBridgeAsync(qemu, [bridgeProgram], broker, prefix, port, TimeSpan.FromSeconds(120), token))
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                using var health = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"), token);
                Assert.True(health.IsSuccessStatusCode, $"/healthz {(int)health.StatusCode}\n{bridge.GetOutput()}");
                var body = await InstalledProgram.AwaitLiveJpegAsync(port, "armcam", TimeSpan.FromSeconds(60), () => bridge.GetOutput(), token);
                Assert.True(InstalledProgram.IsJpeg(body), "arm64 bridge served no JPEG");
            }

            device.Kill();
            await probe.WaitForTextAsync(topics.Availability, AvailabilityPayload.Offline, TimeSpan.FromSeconds(60));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
