using System.Globalization;
using System.Text.Json;
using MqttCam.Device.Tests.Support;
using MqttCam.Testing.Processes;
using MqttCam.Mqtt;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Mqtt;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Tests.EndToEnd;

/// <summary>
/// Issue 12 with a real broker and a real device in <c>live=auto</c>: idle frames at the idle interval, watch leases
/// (MQTT 5 expiry and 3.1.1 on the device's clock) that bring the live rate, the highest fps winning, and release.
/// </summary>
[Collection(SharedBroker.Name)]
public sealed class DeviceDemandTests(MosquittoBrokerFixture fixture)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StillScene_PublishesAtTheIdleInterval_AndSaysIdle()
    {
        await using var camera = await StartAsync("idle1", idleInterval: 1.5);
        var firstIdle = camera.Probe.ReceivedWhere(m => m.Topic == camera.Topics.Image).Count;
        var frames = await camera.FramesAsync(3, firstIdle);

        var gaps = Gaps(frames);
        Assert.All(gaps, gap => Assert.InRange(gap.TotalSeconds, 1.3, 3.0));
        var state = camera.LatestState();
        Assert.False(state.GetProperty("live").GetBoolean());
        Assert.Equal(0, state.GetProperty("watchers").GetInt32());
        Assert.True(state.GetProperty("frames_captured").GetInt64() > 5 * state.GetProperty("frames_sent").GetInt64(), "idle must capture far more than it sends");
    }

    [Fact]
    public async Task Mqtt5Lease_BringsTheLiveRate_AndReleaseReturnsToIdle()
    {
        await using var camera = await StartAsync("lease5", idleInterval: 30);
        var lease = camera.Topics.Watch("viewer1");
        await camera.Probe.Client.PublishAsync(lease, "{}"u8.ToArray(), MqttQos.AtLeastOnce, retain: true, new MqttMessageProperties { MessageExpiryInterval = 60 }, TestContext.Current.CancellationToken);
        await camera.WaitForStateAsync(live: true, watchers: 1);

        var before = camera.Probe.Received(camera.Topics.Image).Count;
        var frames = await camera.FramesAsync(8, before);
        Assert.True(Median(Gaps(frames)).TotalSeconds < 0.5, "a watched camera publishes at its fps (10)");

        await camera.Probe.Client.PublishAsync(lease, ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce, retain: true, cancellationToken: TestContext.Current.CancellationToken);
        await camera.WaitForStateAsync(live: false, watchers: 0);
    }

    [Fact]
    public async Task Mqtt311Lease_ExpiresOnTheDevicesClock_AndItsRetainedCopyIsCleared()
    {
        await using var camera = await StartAsync("lease311", idleInterval: 30, "--Device:WatchLeaseSeconds=2");
        await using var old = await MqttProbe.ConnectAsync(new MqttClientOptions { Host = fixture.Broker.Host, Port = fixture.Broker.Port, ProtocolVersion = MqttProtocolVersion.V311 });
        var lease = camera.Topics.Watch("old-client");
        await camera.Probe.SubscribeAsync(lease);
        await old.PublishAsync(lease, "{}", retain: true);
        await camera.WaitForStateAsync(live: true, watchers: 1);

        // Nobody renews: the device ends the lease after 2 s and clears the retained copy it would otherwise get back.
        await camera.WaitForStateAsync(live: false, watchers: 0);
        await camera.Probe.WaitForAsync(m => m.Topic == lease && m.Payload.IsEmpty, s_timeout);
        await camera.Device.Process.WaitForOutputLineAsync(l => l.Contains("old-client expired", StringComparison.Ordinal), s_timeout, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task TwoLeases_TheHigherFpsWins_AndOneLeavingKeepsTheOther()
    {
        await using var camera = await StartAsync("lease2", idleInterval: 30);
        var slow = camera.Topics.Watch("slow");
        var fast = camera.Topics.Watch("fast");
        await camera.Probe.Client.PublishAsync(slow, """{"fps": 1}"""u8.ToArray(), MqttQos.AtLeastOnce, retain: true, new MqttMessageProperties { MessageExpiryInterval = 60 }, TestContext.Current.CancellationToken);
        await camera.WaitForStateAsync(live: true, watchers: 1);
        var slowFrames = await camera.FramesAsync(3, camera.Probe.Received(camera.Topics.Image).Count);
        Assert.True(Median(Gaps(slowFrames)).TotalSeconds > 0.7, "one lease at 1 fps: about one frame a second");

        await camera.Probe.Client.PublishAsync(fast, """{"fps": 5}"""u8.ToArray(), MqttQos.AtLeastOnce, retain: true, new MqttMessageProperties { MessageExpiryInterval = 60 }, TestContext.Current.CancellationToken);
        await camera.WaitForStateAsync(live: true, watchers: 2);
        var fastFrames = await camera.FramesAsync(6, camera.Probe.Received(camera.Topics.Image).Count);
        Assert.True(Median(Gaps(fastFrames)).TotalSeconds < 0.45, "the higher fps (5) wins");

        await camera.Probe.Client.PublishAsync(fast, ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce, retain: true, cancellationToken: TestContext.Current.CancellationToken);
        await camera.WaitForStateAsync(live: true, watchers: 1);
        await camera.Probe.Client.PublishAsync(slow, ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce, retain: true, cancellationToken: TestContext.Current.CancellationToken);
        await camera.WaitForStateAsync(live: false, watchers: 0);
    }

    [Fact]
    public async Task HostileLeases_AreRefusedWithALogLine_AndChangeNothing()
    {
        await using var camera = await StartAsync("lease-bad", idleInterval: 30);
        await camera.Probe.PublishAsync(camera.Topics.Watch("a"), "not json", retain: false);
        await camera.Probe.PublishAsync(camera.Topics.Watch("b"), """{"fps": -3}""", retain: false);
        await camera.Probe.PublishAsync(camera.Topics.Watch("c"), new string('[', 200), retain: false);
        await camera.Probe.PublishAsync(camera.Topics.Watch("d"), "{\"fps\": 1, \"pad\": \"" + new string('x', 400) + "\"}", retain: false);

        await camera.Device.Process.WaitForOutputLineAsync(l => l.Contains("lease from 'd' refused", StringComparison.Ordinal), s_timeout, TestContext.Current.CancellationToken);
        var refused = camera.Device.Process.GetOutput().Split('\n').Count(l => l.Contains("Watch lease ignored", StringComparison.Ordinal));
        Assert.Equal(4, refused);
        Assert.DoesNotContain("   at ", camera.Device.Process.GetOutput(), StringComparison.Ordinal);
        var state = await camera.Probe.RequestAsync(camera.Topics.Command, """{"action":"state"}""", s_timeout);
        Assert.Equal(0, state.GetProperty("data").GetProperty("watchers").GetInt32());
        Assert.False(state.GetProperty("data").GetProperty("live").GetBoolean());
    }

    private async Task<DemandCamera> StartAsync(string id, double idleInterval, params string[] extra)
    {
        var prefix = DeviceProcess.NewPrefix();
        string[] args = ["--Camera:Width=160", "--Camera:Height=120", "--Camera:Fps=10", "--Camera:Live=auto", .. extra];
        var device = DeviceProcess.Start(fixture.Broker, prefix, id, null, args);
        var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        var camera = new DemandCamera(device, probe);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.Image);
        await probe.SubscribeAsync(device.Topics.State);

        // A still scene: motion off (the test pattern moves now and then), the idle interval under test.
        var reply = await probe.RequestAsync(device.Topics.Set, $$"""{"motion": false, "idle_interval": {{idleInterval.ToString(CultureInfo.InvariantCulture)}}}""", s_timeout);
        Assert.Equal("ok", reply.GetProperty("status").GetString());
        await camera.WaitForStateAsync(live: false, watchers: 0);
        return camera;
    }

    private static IReadOnlyList<TimeSpan> Gaps(IReadOnlyList<MqttMessage> frames) =>
        [.. frames.Zip(frames.Skip(1), (a, b) => CapturedAt(b) - CapturedAt(a))];

    private static TimeSpan Median(IReadOnlyList<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);

    private static DateTimeOffset CapturedAt(MqttMessage message) =>
        DateTimeOffset.Parse(message.Properties!.UserProperties.Single(p => p.Key == FrameUserProperties.CapturedAt).Value, CultureInfo.InvariantCulture);

    private sealed class DemandCamera(DeviceProcess device, MqttProbe probe) : IAsyncDisposable
    {
        public DeviceProcess Device { get; } = device;

        public MqttProbe Probe { get; } = probe;

        public CameraTopics Topics => Device.Topics;

        /// <summary>Waits for a live (not retained) state with these demand fields.</summary>
        public Task<MqttMessage> WaitForStateAsync(bool live, int watchers) =>
            Probe.WaitForAsync(m => m.Topic == Topics.State && StateMessages.HasDemand(m, live, watchers), s_timeout, includeHistory: false);

        public JsonElement LatestState() => StateMessages.Parse(Probe.Received(Topics.State)[^1]);

        /// <summary>The next <paramref name="count"/> image messages after the first <paramref name="skip"/> received.</summary>
        public async Task<IReadOnlyList<MqttMessage>> FramesAsync(int count, int skip)
        {
            var seen = 0;
            await Probe.WaitForAsync(m => m.Topic == Topics.Image && ++seen >= count, TimeSpan.FromSeconds(60), includeHistory: false);
            return [.. Probe.Received(Topics.Image).Skip(skip).Take(count)];
        }

        public async ValueTask DisposeAsync()
        {
            await Probe.DisposeAsync();
            await Device.DisposeAsync();
        }
    }
}
