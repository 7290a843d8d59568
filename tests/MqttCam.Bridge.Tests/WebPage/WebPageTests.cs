using System.Text.Json.Nodes;
using Microsoft.Playwright;
using MqttCam.Bridge.Tests.Serving;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Core.Contracts;
using MqttCam.Testing.Media;

namespace MqttCam.Bridge.Tests.WebPage;

/// <summary>The web page in real headless Chromium (Debian's <c>chromium</c> package) against the real bridge.</summary>
public sealed class WebPageTests(BrokerFixture broker)
{
    [Fact]
    public async Task Page_ShowsALiveImageThatChanges_AndTheCaptureButtonWorks()
    {
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        var snapshot = TestJpegs.Numbered(50, 640, 360);
        await device.StartResponderAsync((action, _) =>
        {
            // Like the device: the capture's JPEG goes to the retained snapshot topic before the reply.
            device.PublishFrameAsync(snapshot, 5, topic: device.Topics.Snapshot).AsTask().GetAwaiter().GetResult();
            return CommandResponse.Ok(action, new JsonObject { ["sequence"] = 5, ["size"] = snapshot.Length, ["width"] = 640, ["height"] = 360 }, null);
        });
        await device.PublishRawAsync(device.Topics.Availability, "online"u8.ToArray());
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(1, 320, 180), 1);

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.OpenAsync(bridge.Address, 390, 844);

        var card = page.Locator("[data-camera=cam1]");
        await card.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('[data-camera=cam1] img.live'); return i && i.complete && i.naturalWidth === 320; }", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        var firstSource = await card.Locator("img.live").GetAttributeAsync("src");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-camera=cam1] .avail').textContent === 'online'", null, new PageWaitForFunctionOptions { Timeout = 15_000 });

        // A new frame (another size) replaces the image without reloading anything.
        await device.PublishFrameAsync(TestJpegs.Numbered(2, 480, 270), 2);
        await page.WaitForFunctionAsync("() => document.querySelector('[data-camera=cam1] img.live').naturalWidth === 480", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        Assert.NotEqual(firstSource, await card.Locator("img.live").GetAttributeAsync("src"));
        Assert.Equal("2", await card.GetAttributeAsync("data-frames"));

        await card.Locator("button.capture").ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('[data-camera=cam1] .actions .result').textContent.startsWith('captured #5')", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('[data-camera=cam1] .snap img'); return i.complete && i.naturalWidth === 640; }", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        Assert.Equal("capture", Assert.Single(device.ReceivedCommands)["action"]!.GetValue<string>());

        // The settings form is built from the schema the device enforces.
        Assert.Equal(1, await card.Locator("form.settings [name=quality]").CountAsync());
        Assert.Empty(chromium.PageErrors);
    }

    [Fact]
    public async Task Page_BeforeTheFirstFrame_ShowsNoFrameYetWithoutABrokenImage_ThenTheImage()
    {
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        var online = FrameEndpointsTests.WaitForCameraAsync(bridge, "cam1", c => c.Availability == "online");
        await device.PublishRawAsync(device.Topics.Availability, "online"u8.ToArray());
        await online;

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.OpenAsync(bridge.Address);
        var card = page.Locator("[data-camera=cam1]");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-camera=cam1] .avail')?.textContent === 'online'", null, new PageWaitForFunctionOptions { Timeout = 15_000 });

        Assert.False(await card.Locator("img.live").IsVisibleAsync());
        Assert.True(await card.Locator(".empty").IsVisibleAsync());
        Assert.Equal("no frame yet", await card.Locator(".empty").TextContentAsync());

        await device.PublishFrameAsync(TestJpegs.Numbered(1, 320, 180), 1);
        await card.Locator("img.live").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 15_000 });
        Assert.Equal(320, await card.Locator("img.live").EvaluateAsync<int>("i => i.naturalWidth"));
        Assert.False(await card.Locator(".empty").IsVisibleAsync());
    }
}
