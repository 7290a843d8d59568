using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MqttCam.Bridge.Tests.Serving;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Core.Contracts;
using MqttCam.Testing.Media;

namespace MqttCam.Bridge.Tests.Control;

/// <summary><c>POST /cameras/{id}/commands/{action}</c> and the timelapse shortcuts against a device stand-in over real MQTT.</summary>
public sealed class CommandEndpointsTests(BrokerFixture broker)
{
    [Fact]
    public async Task Command_ForwardsActionAndArguments_AndReturnsTheDevicesData()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await RespondingDeviceAsync(bridge);

        using var response = await bridge.Http.PostAsync("/cameras/cam1/commands/night", Json("{\"shutter_seconds\":5,\"gain\":12,\"action\":\"restart\",\"transaction\":\"spoof\"}"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(token))!;
        Assert.Equal("ok", body["status"]!.GetValue<string>());
        Assert.Equal("night", body["action"]!.GetValue<string>());
        Assert.Equal("night", body["data"]!["echo"]!.GetValue<string>());
        var sent = Assert.Single(device.ReceivedCommands);
        Assert.Equal("night", sent["action"]!.GetValue<string>());
        Assert.Equal(5, sent["shutter_seconds"]!.GetValue<int>());
        Assert.Equal(12, sent["gain"]!.GetValue<int>());
        Assert.NotEqual("spoof", sent["transaction"]!.GetValue<string>());
    }

    [Fact]
    public async Task Timelapse_StartStopStatus_MapToTheDeviceActions()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await RespondingDeviceAsync(bridge);

        using var start = await bridge.Http.PostAsync("/cameras/cam1/timelapse/start", Json("{\"every\":\"minute\",\"max_files\":100}"), token);
        using var status = await bridge.Http.GetAsync("/cameras/cam1/timelapse", token);
        using var stop = await bridge.Http.PostAsync("/cameras/cam1/timelapse/stop", null, token);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { start.StatusCode, status.StatusCode, stop.StatusCode });
        Assert.Equal(["timelapse_start", "timelapse_status", "timelapse_stop"], device.ReceivedCommands.Select(c => c["action"]!.GetValue<string>()));
        Assert.Equal("minute", device.ReceivedCommands[0]["every"]!.GetValue<string>());
        Assert.Equal(100, device.ReceivedCommands[0]["max_files"]!.GetValue<int>());
        Assert.Equal(["action", "transaction"], device.ReceivedCommands[2].Select(p => p.Key).Order());
        Assert.Equal("timelapse_status", JsonNode.Parse(await status.Content.ReadAsStringAsync(token))!["data"]!["echo"]!.GetValue<string>());
    }

    [Fact]
    public async Task Command_DeviceRefuses_Gives422WithItsError()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await RespondingDeviceAsync(bridge);

        using var response = await bridge.Http.PostAsync("/cameras/cam1/timelapse/start", Json("{\"every\":\"minute\",\"interval_seconds\":30}"), token);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(token))!;
        Assert.Equal("give exactly one of interval_seconds, every, at", problem["detail"]!.GetValue<string>());
        Assert.Equal("timelapse_start", problem["action"]!.GetValue<string>());
    }

    [Fact]
    public async Task Command_BadInput_Gives400_404_413_WithoutPublishing_AndSilentDeviceGives504()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?> { ["Bridge:CommandTimeoutSeconds"] = "0.5" });
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        await device.Client.SubscribeAsync(device.Topics.Command, MqttCam.Mqtt.MqttQos.AtLeastOnce, token);
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(1), 1);

        foreach (var action in new[] { "Night", "rm%20-rf", "a.b", "capture%0A", new string('a', 41), "_x" })
        {
            using var invalid = await bridge.Http.PostAsync($"/cameras/cam1/commands/{action}", null, token);
            Assert.True(invalid.StatusCode == HttpStatusCode.BadRequest, $"{action}: {invalid.StatusCode}");
            Assert.Contains("timelapse_start", await invalid.Content.ReadAsStringAsync(token), StringComparison.Ordinal);
        }

        using var notObject = await bridge.Http.PostAsync("/cameras/cam1/commands/night", Json("[1,2]"), token);
        Assert.Equal(HttpStatusCode.BadRequest, notObject.StatusCode);
        using var broken = await bridge.Http.PostAsync("/cameras/cam1/commands/night", Json("{\"gain\":"), token);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        using var huge = await bridge.Http.PostAsync("/cameras/cam1/commands/night", Json("{\"x\":\"" + new string('a', 70_000) + "\"}"), token);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        using var unknown = await bridge.Http.PostAsync("/cameras/nobody/commands/night", null, token);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(0, bridge.Metrics.CommandsSent);

        // A well-formed action the bridge does not know is still forwarded: the device decides (here it is silent).
        using var silent = await bridge.Http.PostAsync("/cameras/cam1/commands/future_action", null, token);
        Assert.Equal(HttpStatusCode.GatewayTimeout, silent.StatusCode);
        var received = await device.Client.Messages.ReadAsync(token).AsTask().WaitAsync(TimeSpan.FromSeconds(10), token);
        Assert.Equal("future_action", JsonNode.Parse(received.Payload.Span)!["action"]!.GetValue<string>());
    }

    [Fact]
    public async Task Command_NeedsTheTokenWhenOneIsConfigured_EvenTheTimelapseGet()
    {
        var token = TestContext.Current.CancellationToken;
        const string Secret = "s3cret-token-456";
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?> { ["Bridge:ApiToken"] = Secret });
        await using var device = await RespondingDeviceAsync(bridge);

        using var noToken = await bridge.Http.PostAsync("/cameras/cam1/commands/lock", null, token);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        using var statusNoToken = await bridge.Http.GetAsync("/cameras/cam1/timelapse", token);
        Assert.Equal(HttpStatusCode.Unauthorized, statusNoToken.StatusCode);
        Assert.Empty(device.ReceivedCommands);

        using var right = new HttpRequestMessage(HttpMethod.Post, "/cameras/cam1/commands/lock");
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
        using var allowed = await bridge.Http.SendAsync(right, token);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("lock", Assert.Single(device.ReceivedCommands)["action"]!.GetValue<string>());
    }

    /// <summary>A device that echoes the action, and refuses a timelapse with two schedules like the real one.</summary>
    private async Task<FakeDevice> RespondingDeviceAsync(BridgeHost bridge)
    {
        var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        await device.StartResponderAsync((action, request) =>
            action == "timelapse_start" && request.ContainsKey("every") && request.ContainsKey("interval_seconds")
                ? CommandResponse.Failure(action, "give exactly one of interval_seconds, every, at", null)
                : CommandResponse.Ok(action, new JsonObject { ["echo"] = action }, null));
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(1), 1);
        return device;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
