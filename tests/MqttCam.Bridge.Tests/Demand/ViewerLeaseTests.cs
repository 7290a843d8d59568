using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MqttCam.Bridge.Demand;
using MqttCam.Bridge.Streaming;
using MqttCam.Bridge.Tests.Serving;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Mqtt;
using MqttCam.Testing.Media;
using MqttCam.Testing.Time;
using MqttCam.Core.Topics;

namespace MqttCam.Bridge.Tests.Demand;

/// <summary>Issue 12: the bridge holds a retained watch lease (with MQTT 5 expiry) while someone views a camera.</summary>
public sealed class ViewerLeaseTests(BrokerFixture broker)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task MjpegViewer_HoldsARetainedLeaseWithTheExpiry_AndLeavingReleasesIt()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        await using var watcher = await LeaseWatcher.StartAsync(broker, bridge.Prefix);
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(1), 1);
        var topic = Leases(bridge).TopicFor("cam1");
        Assert.StartsWith($"{bridge.Prefix}/cam1/watch/bridge-", topic, StringComparison.Ordinal);
        // The device reads the same spelling: Core's parser finds this camera's lease of this bridge's consumer.
        Assert.True(CameraTopicParser.TryParse(bridge.Prefix, topic, out var parsed));
        Assert.Equal(new CameraTopicMatch("cam1", CameraTopicKind.Watch, null, Leases(bridge).Consumer), parsed);

        using (var response = await bridge.Http.GetAsync("/cameras/cam1/stream.mjpeg", HttpCompletionOption.ResponseHeadersRead, token))
        {
            var reader = new MjpegReader(await response.Content.ReadAsStreamAsync(token), MjpegStreamWriter.Boundary);
            await reader.ReadPartAsync(token).WaitAsync(s_timeout, token);
            Assert.Equal((topic, "{}"), await watcher.NextAsync());

            // A late subscriber (the device starting up) finds it retained, with the lease as its message expiry.
            await using var late = await LeaseWatcher.StartAsync(broker, bridge.Prefix);
            var retained = await late.NextMessageAsync();
            Assert.True(retained.Retain);
            Assert.InRange(retained.Properties?.MessageExpiryInterval ?? 0, 50u, 60u);
        }

        Assert.Equal((topic, ""), await watcher.NextAsync());
    }

    [Fact]
    public async Task LiveJpegTouch_KeepsTheLeaseForTheWindow_RenewingAtHalf_ThenReleases()
    {
        var token = TestContext.Current.CancellationToken;
        var time = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?> { ["Bridge:LeaseSeconds"] = "10" }, time: time);
        await using var cam1 = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        await using var cam2 = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam2");
        await using var watcher = await LeaseWatcher.StartAsync(broker, bridge.Prefix);
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, cam1, TestJpegs.Numbered(1), 1);
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, cam2, TestJpegs.Numbered(2), 1);
        var leases = Leases(bridge);

        using (var live = await bridge.Http.GetAsync("/cameras/cam1/live.jpeg", token))
        {
            live.EnsureSuccessStatusCode();
        }

        Assert.Equal((leases.TopicFor("cam1"), "{}"), await watcher.NextAsync());
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal((leases.TopicFor("cam1"), "{}"), await watcher.NextAsync());

        // Still inside the window: nothing is released. cam2's new lease goes through the same publisher after anything
        // queued for cam1, so seeing it next proves cam1 was not released.
        time.Advance(TimeSpan.FromSeconds(4));
        // No snapshot yet (503), but asking for it counts as looking at the camera.
        (await bridge.Http.GetAsync("/cameras/cam2/snapshot.jpeg", token)).Dispose();

        Assert.Equal((leases.TopicFor("cam2"), "{}"), await watcher.NextAsync());
        time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal((leases.TopicFor("cam1"), ""), await watcher.NextAsync());
    }

    [Fact]
    public async Task TwoViewers_OneLeaving_KeepsTheLease_TheHighestRateWins_AndTheLastReleases()
    {
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var watcher = await LeaseWatcher.StartAsync(broker, bridge.Prefix);
        var leases = Leases(bridge);
        var topic = leases.TopicFor("cam1");

        var slow = leases.Acquire("cam1", fps: 2);
        Assert.Equal((topic, """{"fps":2}"""), await watcher.NextAsync());
        var fast = leases.Acquire("cam1", fps: 8);
        Assert.Equal((topic, """{"fps":8}"""), await watcher.NextAsync());

        fast.Dispose();
        Assert.Equal((topic, """{"fps":2}"""), await watcher.NextAsync());
        var full = leases.Acquire("cam1");
        Assert.Equal((topic, "{}"), await watcher.NextAsync());
        full.Dispose();
        Assert.Equal((topic, """{"fps":2}"""), await watcher.NextAsync());
        fast.Dispose(); // twice: no effect

        // Barrier: a lease on cam2 comes through the same publisher, so cam1 has not been released in between.
        using (leases.Acquire("cam2"))
        {
            Assert.Equal((leases.TopicFor("cam2"), "{}"), await watcher.NextAsync());
        }

        Assert.Equal((leases.TopicFor("cam2"), ""), await watcher.NextAsync());
        slow.Dispose();
        Assert.Equal((topic, ""), await watcher.NextAsync());
    }

    [Fact]
    public async Task Shutdown_ReleasesEveryLease()
    {
        var bridge = await BridgeHost.StartAsync(broker);
        await using var watcher = await LeaseWatcher.StartAsync(broker, bridge.Prefix);
        var leases = Leases(bridge);
        var viewer = leases.Acquire("cam1");
        leases.Touch("cam2");
        var published = new[] { await watcher.NextAsync(), await watcher.NextAsync() };
        Assert.Equivalent(new[] { (leases.TopicFor("cam1"), "{}"), (leases.TopicFor("cam2"), "{}") }, published);

        await bridge.DisposeAsync();
        var released = new[] { await watcher.NextAsync(), await watcher.NextAsync() };
        Assert.Equivalent(new[] { (leases.TopicFor("cam1"), ""), (leases.TopicFor("cam2"), "") }, released);
        viewer.Dispose(); // after shutdown: nothing left to do, no throw
    }

    [Theory]
    [InlineData("mqttcam-bridge-1a2b", "bridge-mqttcam-bridge-1a2b")]
    [InlineData("my bridge/1+#", "bridge-my-bridge-1--")]
    [InlineData(null, "bridge-")]
    public void Consumer_IsTheClientIdMadeTopicSafe(string? clientId, string expected)
    {
        Assert.Equal(expected, ViewerLeases.ConsumerFor(clientId));
        Assert.True(WatchConsumer.IsValid(expected));
    }

    [Fact]
    public void Consumer_IsCutTo64Characters()
    {
        var consumer = ViewerLeases.ConsumerFor(new string('x', 100));
        Assert.Equal(WatchConsumer.MaxLength, consumer.Length);
        Assert.True(WatchConsumer.IsValid(consumer));
    }

    private static ViewerLeases Leases(BridgeHost bridge) => bridge.App.Services.GetRequiredService<ViewerLeases>();

    /// <summary>A subscriber to every camera's watch topics, reading what arrives in order.</summary>
    private sealed class LeaseWatcher : IAsyncDisposable
    {
        private readonly MqttClient _client;

        private LeaseWatcher(MqttClient client) => _client = client;

        public static async Task<LeaseWatcher> StartAsync(BrokerFixture broker, string prefix)
        {
            var token = TestContext.Current.CancellationToken;
            var client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = $"watcher-{Guid.NewGuid():N}" });
            await client.ConnectAsync(token).WaitAsync(s_timeout, token);
            await client.SubscribeAsync($"{prefix}/+/watch/+", MqttQos.AtLeastOnce, token).WaitAsync(s_timeout, token);
            return new LeaseWatcher(client);
        }

        public async Task<MqttMessage> NextMessageAsync()
        {
            var token = TestContext.Current.CancellationToken;
            return await _client.Messages.ReadAsync(token).AsTask().WaitAsync(s_timeout, token);
        }

        public async Task<(string Topic, string Payload)> NextAsync()
        {
            var message = await NextMessageAsync();
            return (message.Topic, Encoding.UTF8.GetString(message.Payload.Span));
        }

        public ValueTask DisposeAsync() => _client.DisposeAsync();
    }
}
