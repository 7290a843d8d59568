using System.Globalization;
using System.Net;
using MqttCam.Bridge.Tests.Serving;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Testing.Media;
using MqttCam.Testing.Time;

namespace MqttCam.Bridge.Tests.Adversarial;

/// <summary>Issue 10 #3: stray ids fill the registry cap; a real camera still gets in, and the strays age out.</summary>
public sealed class CameraIdFloodTests(BrokerFixture broker)
{
    private const int Cap = 40;

    [Fact]
    public async Task AvailabilityFlood_NeverLocksOutACameraThatSendsFrames_AndAgesOut()
    {
        var token = TestContext.Current.CancellationToken;
        var time = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?>
        {
            ["Bridge:MaxCameras"] = Cap.ToString(CultureInfo.InvariantCulture),
            ["Bridge:CameraIdleSeconds"] = "60",
        }, time: time);
        await using var flooder = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "x");

        // Twice the cap of one-byte-ish retained availability messages under random (seeded) ids.
        var random = new Random(10_3);
        var ids = Enumerable.Range(0, Cap * 2).Select(i => $"x{random.Next():x}{i}").ToArray();
        foreach (var id in ids)
        {
            await flooder.PublishRawAsync($"{bridge.Prefix}/{id}/availability", "offline"u8.ToArray());
        }

        // Messages of one client arrive in order: once this state is in, the whole flood has been handled.
        var barrier = CameraConditions.WaitAsync(bridge, ids[0], c => c.State is not null, TimeSpan.FromSeconds(30));
        await flooder.PublishRawAsync($"{bridge.Prefix}/{ids[0]}/state", """{"barrier":1}"""u8.ToArray(), retain: false);
        await barrier;
        Assert.Equal(Cap, bridge.Cameras.Count);
        Assert.Equal(Cap, bridge.Metrics.CameraLimitDrops);
        using (var healthy = await bridge.Http.GetAsync("/healthz", token))
        {
            // Ids without a frame that are not online are not cameras: they do not fail health.
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }

        await using var real = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "real");
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, real, TestJpegs.Numbered(1), 1);
        using (var live = await bridge.Http.GetAsync("/cameras/real/live.jpeg", token))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        Assert.Equal(1, bridge.Metrics.CamerasExpired);
        Assert.Equal(Cap, bridge.Cameras.Count);

        time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(["real"], bridge.Cameras.All.Select(c => c.Id));
        Assert.Equal(Cap, bridge.Metrics.CamerasExpired);
        var metrics = await bridge.Http.GetStringAsync("/metrics", token);
        Assert.Contains($"mqttcam_bridge_cameras_expired_total {Cap}\n", metrics, StringComparison.Ordinal);
    }
}
