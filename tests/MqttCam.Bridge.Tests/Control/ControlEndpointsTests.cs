using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MqttCam.Bridge.Control;
using MqttCam.Bridge.Tests.Serving;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Core.Contracts;
using MqttCam.Testing.Media;

namespace MqttCam.Bridge.Tests.Control;

public sealed class ControlEndpointsTests(BrokerFixture broker)
{
    [Fact]
    public async Task Capture_DeviceAnswers_Returns200WithTheDevicesDataAndForwardsTheBody()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        await device.StartResponderAsync((action, request) => CommandResponse.Ok(action, new JsonObject
        {
            ["sequence"] = 5,
            ["size"] = 1234,
            ["width"] = request["width"]?.GetValue<int>() ?? 0,
            ["height"] = 1080,
            ["captured_at"] = "2030-01-01T00:00:00Z",
        }, null));
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(1), 1);

        using var response = await bridge.Http.PostAsync("/cameras/cam1/capture", Json("{\"width\":1920,\"height\":1080,\"quality\":90}"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(token))!;
        Assert.Equal("ok", body["status"]!.GetValue<string>());
        Assert.Equal("capture", body["action"]!.GetValue<string>());
        Assert.Equal(1920, body["data"]!["width"]!.GetValue<int>());
        Assert.Equal(1234, body["data"]!["size"]!.GetValue<int>());
        var sent = Assert.Single(device.ReceivedCommands);
        Assert.Equal("capture", sent["action"]!.GetValue<string>());
        Assert.Equal(90, sent["quality"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(sent["transaction"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Settings_DeviceRefuses_Returns422WithTheDevicesErrorText_AndAcceptedSettingsReturn200()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        await device.StartResponderAsync((action, request) => request["quality"]?.GetValue<int>() is > 100
            ? CommandResponse.Failure(action, "quality: must be an integer from 1 to 100 (got 500)", null)
            : CommandResponse.Ok(action, new JsonObject { ["changed"] = new JsonArray("quality") }, null));
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(1), 1);

        using var refused = await bridge.Http.PostAsync("/cameras/cam1/settings", Json("{\"quality\":500}"), token);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync(token))!;
        Assert.Equal("quality: must be an integer from 1 to 100 (got 500)", problem["detail"]!.GetValue<string>());

        using var accepted = await bridge.Http.PostAsync("/cameras/cam1/settings", Json("{\"quality\":70}"), token);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var body = JsonNode.Parse(await accepted.Content.ReadAsStringAsync(token))!;
        Assert.Equal("set", body["action"]!.GetValue<string>());
        Assert.Equal("quality", body["data"]!["changed"]![0]!.GetValue<string>());
        Assert.Equal(70, device.ReceivedCommands[1]["quality"]!.GetValue<int>());
        Assert.Null(device.ReceivedCommands[1]["transaction"]);
    }

    [Fact]
    public async Task Capture_DeviceSilent_Returns504AfterTheConfiguredTimeout()
    {
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?> { ["Bridge:CommandTimeoutSeconds"] = "0.5" });
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(1), 1);

        using var response = await bridge.Http.PostAsync("/cameras/cam1/capture", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(1, bridge.Metrics.CommandTimeouts);
        Assert.Equal(0, bridge.App.Services.GetRequiredService<DeviceCommandClient>().PendingCount);
    }

    [Fact]
    public async Task Control_BadRequests_GiveClearErrors()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(1), 1);

        using var unknown = await bridge.Http.PostAsync("/cameras/ghost/capture", null, token);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var notJson = await bridge.Http.PostAsync("/cameras/cam1/settings", Json("quality=5"), token);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        using var array = await bridge.Http.PostAsync("/cameras/cam1/settings", Json("[1,2]"), token);
        Assert.Equal(HttpStatusCode.BadRequest, array.StatusCode);
        using var huge = await bridge.Http.PostAsync("/cameras/cam1/settings", Json("{\"x\":\"" + new string('a', 70_000) + "\"}"), token);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Empty(device.ReceivedCommands);
    }

    [Fact]
    public async Task ApiToken_ControlNeedsBearer_ViewingNeedsTokenOnlyWhenConfigured()
    {
        var token = TestContext.Current.CancellationToken;
        const string Secret = "s3cret-token-123";
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?>
        {
            ["Bridge:ApiToken"] = Secret,
            ["Bridge:RequireTokenForViewing"] = "true",
            ["Bridge:CommandTimeoutSeconds"] = "5",
        });
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        await device.StartResponderAsync((action, _) => CommandResponse.Ok(action, new JsonObject { ["sequence"] = 1 }, null));
        var jpeg = TestJpegs.Numbered(1);
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, jpeg, 1);

        using var noToken = await bridge.Http.PostAsync("/cameras/cam1/capture", null, token);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal("Bearer", noToken.Headers.WwwAuthenticate.Single().Scheme);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/cameras/cam1/capture");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-token-123");
        Assert.Equal(HttpStatusCode.Unauthorized, (await bridge.Http.SendAsync(wrong, token)).StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Post, "/cameras/cam1/capture");
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
        Assert.Equal(HttpStatusCode.OK, (await bridge.Http.SendAsync(right, token)).StatusCode);

        // ?token= is accepted on GETs only (browsers cannot set headers on <img> or WebSocket).
        Assert.Equal(HttpStatusCode.Unauthorized, (await bridge.Http.GetAsync("/cameras/cam1/live.jpeg", token)).StatusCode);
        Assert.Equal(jpeg, await bridge.Http.GetByteArrayAsync($"/cameras/cam1/live.jpeg?token={Secret}", token));
        Assert.Equal(HttpStatusCode.Unauthorized, (await bridge.Http.PostAsync($"/cameras/cam1/capture?token={Secret}", null, token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bridge.Http.GetAsync("/healthz", token)).StatusCode);

        // The page is open as docs/http-api.md "Security" says: the grid and the single-camera page.
        Assert.Equal(HttpStatusCode.OK, (await bridge.Http.GetAsync("/", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bridge.Http.GetAsync("/cameras/cam1", token)).StatusCode);
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
