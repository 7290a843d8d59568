using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Testing.Media;

namespace MqttCam.Bridge.Tests.Hosting;

public sealed class BridgeAppTests(BrokerFixture broker)
{
    [Fact]
    public void Build_InvalidConfiguration_FailsWithOneMessagePerBadKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => BridgeApp.Build(["--urls", "http://127.0.0.1:0"], config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mqtt:Port"] = "70000",
            ["Mqtt:TopicPrefix"] = "bad/#",
            ["Bridge:MaxImageBytes"] = "10",
            ["Bridge:DefaultCamera"] = "no spaces allowed",
            ["Bridge:RequireTokenForViewing"] = "true",
        })));
        var messages = string.Join("\n", error.Failures);
        Assert.Contains("Mqtt:Port: must be from 1 to 65535 (got 70000)", messages, StringComparison.Ordinal);
        Assert.Contains("Mqtt:TopicPrefix", messages, StringComparison.Ordinal);
        Assert.Contains("Bridge:MaxImageBytes: must be from 1024", messages, StringComparison.Ordinal);
        Assert.Contains("Bridge:DefaultCamera", messages, StringComparison.Ordinal);
        Assert.Contains("Bridge:RequireTokenForViewing: needs Bridge:ApiToken", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_ReportsFreshAndStaleCameras_AndMetricsUsePrometheusText()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await Support.FakeDevice.ConnectAsync(broker, bridge.Prefix, "fresh");
        await Serving.FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(1), 1);

        using var healthy = await bridge.Http.GetAsync("/healthz", token);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        var body = JsonNode.Parse(await healthy.Content.ReadAsStringAsync(token))!;
        Assert.True(body["mqtt_connected"]!.GetValue<bool>());
        Assert.Equal("fresh", body["cameras"]![0]!["id"]!.GetValue<string>());

        // A device clock an hour behind does not make a frame stale: age counts from when the bridge received it, and
        // the difference is reported as the camera's clock skew (stale frames: Adversarial/DeviceClockTests).
        await using var old = await Support.FakeDevice.ConnectAsync(broker, bridge.Prefix, "old");
        var seen = Serving.FrameEndpointsTests.WaitForFrameAsync(bridge, "old", 1);
        await old.PublishFrameAsync(TestJpegs.Numbered(2), 1, TimeProvider.System.GetUtcNow().AddHours(-1));
        await seen;
        using var skewed = await bridge.Http.GetAsync("/healthz", token);
        Assert.Equal(HttpStatusCode.OK, skewed.StatusCode);
        var oldCamera = JsonNode.Parse(await skewed.Content.ReadAsStringAsync(token))!["cameras"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "old")!;
        Assert.InRange(oldCamera["clock_skew_ms"]!.GetValue<long>(), -3_700_000, -3_500_000);

        await bridge.Http.GetByteArrayAsync("/cameras/fresh/live.jpeg", token);
        using var metrics = await bridge.Http.GetAsync("/metrics", token);
        Assert.Equal("text/plain", metrics.Content.Headers.ContentType?.MediaType);
        var text = await metrics.Content.ReadAsStringAsync(token);
        Assert.Contains("mqttcam_bridge_frames_received_total{camera=\"fresh\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("mqttcam_bridge_frames_out_total{endpoint=\"live\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE mqttcam_bridge_resize_cache_hits_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("mqttcam_bridge_mqtt_connected 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiCameras_ListsAvailabilityStateAndLatestFrame()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await Support.FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        await device.PublishRawAsync(device.Topics.Availability, "online"u8.ToArray());
        await device.PublishRawAsync(device.Topics.State, "{\"id\":\"cam1\",\"fps\":9.5,\"settings\":{\"quality\":80}}"u8.ToArray());
        var jpeg = TestJpegs.Numbered(1, 320, 180);
        await Serving.FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, jpeg, 12);
        await CameraConditions.WaitAsync(bridge, "cam1", c => c.State is not null && c.Availability == "online", TimeSpan.FromSeconds(10));

        var list = JsonNode.Parse(await bridge.Http.GetStringAsync("/api/cameras", token))!.AsArray();
        var camera = Assert.Single(list)!;
        Assert.Equal("online", camera["availability"]!.GetValue<string>());
        Assert.Equal(9.5, camera["state"]!["fps"]!.GetValue<double>());
        Assert.Equal(12, camera["frame"]!["sequence"]!.GetValue<long>());
        Assert.Equal(jpeg.Length, camera["frame"]!["bytes"]!.GetValue<int>());
        Assert.Equal(320, camera["frame"]!["width"]!.GetValue<int>());
        var urls = camera["urls"]!;
        Assert.Equal("/cameras/cam1/commands/{action}", urls["commands"]!.GetValue<string>());
        Assert.Equal("/cameras/cam1/timelapse", urls["timelapse"]!.GetValue<string>());
        Assert.Equal("/cameras/cam1/live{width}x{height}.jpeg", urls["resized"]!.GetValue<string>());
        Assert.Equal(jpeg, await bridge.Http.GetByteArrayAsync(urls["live"]!.GetValue<string>(), token));
        var resized = await bridge.Http.GetByteArrayAsync(urls["resized"]!.GetValue<string>().Replace("{width}", "160", StringComparison.Ordinal).Replace("{height}", "90", StringComparison.Ordinal), token);
        Assert.Equal(160, MqttCam.Imaging.JpegCodec.ReadInfo(resized).Width);

        var schema = JsonNode.Parse(await bridge.Http.GetStringAsync("/api/settings", token))!.AsArray();
        Assert.Contains(schema, s => s!["name"]!.GetValue<string>() == "quality" && s["maximum"]!.GetValue<double>() == 100);
        Assert.Contains(schema, s => s!["name"]!.GetValue<string>() == "awb" && s["label"]!.GetValue<string>() == "White balance" && s["group"]!.GetValue<string>() == "White balance");
    }
}
