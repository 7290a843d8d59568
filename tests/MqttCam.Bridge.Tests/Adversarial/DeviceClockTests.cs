using System.Net;
using System.Text.Json.Nodes;
using MqttCam.Bridge.Tests.Serving;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Testing.Media;
using MqttCam.Testing.Time;

namespace MqttCam.Bridge.Tests.Adversarial;

/// <summary>Issue 10 #6: freshness comes from the bridge's receive time; a device clock years ahead changes nothing.</summary>
public sealed class DeviceClockTests(BrokerFixture broker)
{
    [Fact]
    public async Task FrameStampedYearsAhead_GoesStaleByReceiveTime_AndSkewIsShownSeparately()
    {
        var token = TestContext.Current.CancellationToken;
        var time = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?> { ["Bridge:StaleAfterSeconds"] = "30" }, time: time);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "future");
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(1), 1, time.GetUtcNow().AddYears(4));

        time.Advance(TimeSpan.FromSeconds(31));

        using var health = await bridge.Http.GetAsync("/healthz", token);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var camera = JsonNode.Parse(await health.Content.ReadAsStringAsync(token))!["cameras"]![0]!;
        Assert.False(camera["fresh"]!.GetValue<bool>());
        Assert.Equal(31_000, camera["age_ms"]!.GetValue<long>());
        Assert.True(camera["clock_skew_ms"]!.GetValue<long>() > 365L * 86_400_000, camera.ToJsonString());

        using var live = await bridge.Http.GetAsync("/cameras/future/live.jpeg", token);
        Assert.Equal("31000", live.Headers.GetValues("X-Frame-Age-Ms").Single());
        Assert.True(long.Parse(live.Headers.GetValues("X-Clock-Skew-Ms").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }
}
