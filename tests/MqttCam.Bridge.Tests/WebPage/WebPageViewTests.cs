using MqttCam.Testing.Media;
using MqttCam.Testing.Time;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using MqttCam.Bridge.Tests.Serving;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Core.Contracts;
using MqttCam.Core.Settings;

namespace MqttCam.Bridge.Tests.WebPage;

/// <summary>
/// The page as a product, in real headless Chromium against the real bridge: labels and groups derived from
/// /api/settings, the single-camera view, device-less cameras, offline/stale on the first paint, card heights.
/// </summary>
public sealed class WebPageViewTests(BrokerFixture broker)
{
    private static readonly string[] s_groups = [.. SettingGroups.All];
    private static readonly PageWaitForFunctionOptions s_wait = new() { Timeout = 15_000 };

    [Fact]
    public async Task Settings_EverySchemaEntryHasAHumanLabelInAGroup_AndARefusalIsShownAtTheField()
    {
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await OnlineDeviceAsync(bridge, "cam1");
        await device.StartResponderAsync((action, _) => CommandResponse.Failure(action, "quality: must be an integer from 1 to 100 (got 500)", null));
        var schema = (await bridge.Http.GetFromJsonAsync<JsonArray>("/api/settings", TestContext.Current.CancellationToken))!;
        Assert.NotEmpty(schema);

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.OpenAsync(bridge.Address);
        var card = page.Locator("[data-camera=cam1]");
        await card.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await card.Locator("details.settings-panel > summary").ClickAsync();

        foreach (var entry in schema)
        {
            var name = entry!["name"]!.GetValue<string>();
            var field = card.Locator($".field[data-setting='{name}']");
            Assert.Equal(1, await field.CountAsync());
            Assert.True(await field.IsVisibleAsync(), $"{name} is not visible");
            var label = (await field.Locator("label .name").TextContentAsync())!.Trim();
            var legend = (await field.EvaluateAsync<string>("f => f.closest('fieldset.group').querySelector('legend').textContent")).Trim();
            if (entry["label"] is { } expectedLabel)
            {
                Assert.Equal(expectedLabel.GetValue<string>(), label);
            }

            Assert.False(string.IsNullOrWhiteSpace(label), $"{name} has no label");
            Assert.NotEqual(name, label);
            Assert.True(char.IsUpper(label[0]), $"{name}: label '{label}' reads like a key");
            Assert.DoesNotContain("_", label, StringComparison.Ordinal);
            Assert.Contains(legend, entry["group"] is { } group ? [group.GetValue<string>()] : s_groups);
            if (entry["unit"] is { } unit && !string.IsNullOrEmpty(unit.GetValue<string>()))
            {
                Assert.False(string.IsNullOrWhiteSpace(await field.Locator("label .unit").TextContentAsync()), $"{name} hides its unit");
            }
        }

        // Every group the schema uses is a fieldset, in the schema's group order (Motion included).
        var used = schema.Select(e => e!["group"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var legends = await card.Locator("fieldset.group > legend").AllTextContentsAsync();
        Assert.Equal(SettingGroups.All.Where(used.Contains), legends.Select(l => l.Trim()));
        Assert.Contains("Motion", legends);

        // The live rate is a select of the schema's choices showing the device's value.
        var live = schema.Single(e => e!["name"]!.GetValue<string>() == "live")!;
        var liveSelect = card.Locator("select[name=live]");
        Assert.Equal(live["options"]!.AsArray().Select(o => o!.GetValue<string>()), await liveSelect.Locator("option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)"));
        Assert.Equal("always", await liveSelect.InputValueAsync());
        Assert.Equal("Motion", (await card.Locator(".field[data-setting=motion_sensitivity]").EvaluateAsync<string>("f => f.closest('fieldset').querySelector('legend').textContent")).Trim());

        // Resolution presets fill width and height.
        await card.Locator("select.preset").SelectOptionAsync("1920x1080");
        Assert.Equal("1920", await card.Locator("[name=width]").InputValueAsync());
        Assert.Equal("1080", await card.Locator("[name=height]").InputValueAsync());

        // A bounded range gets a slider next to its number.
        Assert.Equal(1, await card.Locator(".field[data-setting=quality] input[type=range]").CountAsync());

        await card.Locator("[name=quality]").FillAsync("500");
        await card.Locator("form.settings button[type=submit]").ClickAsync();
        var error = card.Locator(".field[data-setting=quality] .error");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-camera=cam1] .field[data-setting=quality] .error').textContent !== ''", null, s_wait);
        Assert.Equal("must be an integer from 1 to 100 (got 500)", await error.TextContentAsync());
        Assert.Contains("invalid", await card.Locator(".field[data-setting=quality]").GetAttributeAsync("class"), StringComparison.Ordinal);
        Assert.Equal(0, await card.Locator(".field[data-setting=fps].invalid").CountAsync());
        Assert.Empty(chromium.PageErrors);
    }

    [Fact]
    public async Task Grid_OpeningSettingsOnOneCard_DoesNotStretchItsNeighbour()
    {
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var left = await OnlineDeviceAsync(bridge, "cam1");
        await using var right = await OnlineDeviceAsync(bridge, "cam2");
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.OpenAsync(bridge.Address, 1440, 900);
        await page.Locator("[data-camera=cam2]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        var leftBox = (await page.Locator("[data-camera=cam1]").BoundingBoxAsync())!;
        var rightBox = (await page.Locator("[data-camera=cam2]").BoundingBoxAsync())!;
        Assert.Equal(leftBox.Y, rightBox.Y); // side by side at 1440 px, else the test proves nothing

        await page.Locator("[data-camera=cam1] details.settings-panel > summary").ClickAsync();
        var leftOpen = (await page.Locator("[data-camera=cam1]").BoundingBoxAsync())!;
        var rightAfter = (await page.Locator("[data-camera=cam2]").BoundingBoxAsync())!;
        Assert.True(leftOpen.Height > leftBox.Height + 200, $"settings did not open ({leftBox.Height} → {leftOpen.Height})");
        Assert.Equal(rightBox.Height, rightAfter.Height);
    }

    [Fact]
    public async Task DevicelessCamera_OffersDownloadAndUploadInsteadOfCaptureAndSettings()
    {
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?> { ["Bridge:UploadPassword"] = "secret" });
        await using var device = await OnlineDeviceAsync(bridge, "cam1");
        using (var upload = new ByteArrayContent(TestJpegs.Numbered(3, 320, 180)))
        {
            var response = await bridge.Http.PostAsync("/cameras/pushed/frames?password=secret", upload, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.OpenAsync(bridge.Address, 390, 844);
        var pushed = page.Locator("[data-camera=pushed]");
        await pushed.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Equal("no", await pushed.GetAttributeAsync("data-device"));
        Assert.False(await pushed.Locator("button.capture").IsVisibleAsync());
        Assert.False(await pushed.Locator("details.settings-panel").IsVisibleAsync());
        Assert.True(await pushed.Locator(".badge.kind").IsVisibleAsync());
        Assert.Contains("/cameras/pushed/frames", await pushed.Locator(".upload-url").TextContentAsync(), StringComparison.Ordinal);
        var download = pushed.Locator("a.download");
        Assert.True(await download.IsVisibleAsync());
        Assert.Equal("/cameras/pushed/live.jpeg", await download.GetAttributeAsync("href"));

        // The camera with a device on the same page still offers both.
        var cam1 = page.Locator("[data-camera=cam1]");
        Assert.Equal("yes", await cam1.GetAttributeAsync("data-device"));
        Assert.True(await cam1.Locator("button.capture").IsVisibleAsync());
        Assert.True(await cam1.Locator("details.settings-panel").IsVisibleAsync());
        Assert.False(await cam1.Locator("a.download").IsVisibleAsync());
        Assert.Empty(chromium.PageErrors);
    }

    [Fact]
    public async Task Grid_OldAndOfflineFramesAreShownAsSuchOnTheFirstPaint_AndStatsFollowTheImage()
    {
        // Age counts from when the bridge received a frame (never the device's clock), so the bridge's clock starts 20
        // minutes back, takes the two frames, and then moves to now.
        var twentyMinutesAgo = TimeProvider.System.GetUtcNow().AddMinutes(-20);
        var clock = new ManualTimeProvider(twentyMinutesAgo);
        await using var bridge = await BridgeHost.StartAsync(broker, time: clock);
        await using var old = await OnlineDeviceAsync(bridge, "old");
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, old, TestJpegs.Numbered(1, 320, 180), 11, twentyMinutesAgo);
        await using var gone = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "gone");
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, gone, TestJpegs.Numbered(2, 320, 180), 22, twentyMinutesAgo);
        clock.Advance(TimeSpan.FromMinutes(20));
        var offline = FrameEndpointsTests.WaitForCameraAsync(bridge, "gone", c => c.Availability == "offline");
        await gone.PublishRawAsync(gone.Topics.Availability, "offline"u8.ToArray());
        await offline;

        // Records each card as it is first drawn (the observer runs before the browser paints it).
        const string recorder = """
            window.firstPaint = {};
            new MutationObserver(() => {
              for (const c of document.querySelectorAll('[data-camera]')) {
                if (window.firstPaint[c.dataset.camera]) continue;
                window.firstPaint[c.dataset.camera] = { age: c.querySelector('.age').textContent, stale: c.classList.contains('is-stale'),
                  availability: c.querySelector('.avail').textContent, overlay: c.querySelector('.overlay').hidden ? '' : c.querySelector('.overlay').textContent };
              }
            }).observe(document, { childList: true, subtree: true });
            """;
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.OpenAsync(bridge.Address, 1440, 900, recorder);
        await page.WaitForFunctionAsync("() => window.firstPaint.old && window.firstPaint.gone", null, s_wait);
        var first = await page.EvaluateAsync<JsonElement>("() => window.firstPaint");
        Assert.Equal("20 min", first.GetProperty("old").GetProperty("age").GetString());
        Assert.True(first.GetProperty("old").GetProperty("stale").GetBoolean());
        Assert.Equal("online", first.GetProperty("old").GetProperty("availability").GetString());
        Assert.StartsWith("no new frame", first.GetProperty("old").GetProperty("overlay").GetString(), StringComparison.Ordinal);
        Assert.Equal("20 min", first.GetProperty("gone").GetProperty("age").GetString());
        Assert.Equal("offline", first.GetProperty("gone").GetProperty("availability").GetString());
        Assert.StartsWith("camera offline", first.GetProperty("gone").GetProperty("overlay").GetString(), StringComparison.Ordinal);

        // Once the old frame has arrived over the WebSocket too, it is still 20 minutes old (not "age 1.7 s").
        await page.WaitForFunctionAsync("() => document.querySelector('[data-camera=old] img.live').naturalWidth === 320", null, s_wait);
        Assert.Equal("20 min", await page.Locator("[data-camera=old] .age").TextContentAsync());
        Assert.Equal("yes", await page.Locator("[data-camera=old]").GetAttributeAsync("data-stale"));

        // A new frame: resolution and size change with the image, sequence and age follow at once.
        var next = TestJpegs.Numbered(3, 480, 270);
        await old.PublishFrameAsync(next, 12);
        var shown = await page.WaitForFunctionAsync(
            "() => { const c = document.querySelector('[data-camera=old]'); const i = c.querySelector('img.live'); const res = c.querySelector('.res').textContent; return i.naturalWidth === 480 && res === '480×270' && { res, size: c.querySelector('.size').textContent }; }",
            null, s_wait);
        var stats = await shown.JsonValueAsync<JsonElement>();
        Assert.Equal("480×270", stats.GetProperty("res").GetString());
        Assert.Equal((next.Length / 1024.0).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " KB", stats.GetProperty("size").GetString());
        await page.WaitForFunctionAsync("() => { const c = document.querySelector('[data-camera=old]'); return c.querySelector('.seq').textContent === '12' && c.dataset.stale === 'no'; }", null, s_wait);
        Assert.Empty(chromium.PageErrors);
    }

    [Fact]
    public async Task SingleCameraView_ShowsTheStreamTheStateFullScreenAndASnapshotDownload()
    {
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await OnlineDeviceAsync(bridge, "cam1", """
            {"id":"cam1","source":"testpattern","version":"9.9","streaming":true,"settings":{"fps":10,"quality":80},
             "fps":9.96,"uptime_seconds":3725,"frames_sent":1234,"frames_dropped":7,"cpu_temperature":51.24,
             "last_error":"rpicam-vid exited with code 1","last_error_at":"2030-01-02T03:04:05+00:00","live":true,"watchers":2,"motion":true}
            """);
        var frame = TestJpegs.Numbered(4, 320, 180);
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, frame, 4);

        // /cameras/{id} is the page; the API under /cameras/{id}/… is untouched.
        using (var html = await bridge.Http.GetAsync("/cameras/cam1", TestContext.Current.CancellationToken))
        {
            Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        }

        using (var live = await bridge.Http.GetAsync("/cameras/cam1/live.jpeg", TestContext.Current.CancellationToken))
        {
            Assert.Equal("image/jpeg", live.Content.Headers.ContentType!.MediaType);
        }

        using (var invalid = await bridge.Http.GetAsync("/cameras/bad.id", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.OpenAsync(new Uri(bridge.Address, "/cameras/cam1"), 1440, 900);
        await page.Locator("dl.state").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });

        // A frame after the stream opened: Chromium draws an MJPEG part once the next boundary has arrived.
        frame = TestJpegs.Numbered(5, 320, 180);
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, frame, 5);
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('img.mjpeg'); return i && !i.hidden && i.naturalWidth === 320; }", null, s_wait);
        Assert.True(await page.Locator("img.mjpeg").EvaluateAsync<bool>("i => i.src.endsWith('/cameras/cam1/stream.mjpeg')"));
        Assert.Equal(1, await page.Locator("[data-camera]").CountAsync());

        var state = page.Locator("dl.state");
        Assert.Equal("1 h 2 min", await state.Locator("dd[data-key=uptime]").TextContentAsync());
        Assert.StartsWith("10.0 fps", await state.Locator("dd[data-key=fps]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("7", await state.Locator("dd[data-key=dropped]").TextContentAsync());
        Assert.Equal("51.2 °C", await state.Locator("dd[data-key=temperature]").TextContentAsync());
        Assert.StartsWith("rpicam-vid exited with code 1", await state.Locator("dd[data-key=last_error]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("live (full rate)", await state.Locator("dd[data-key=live]").TextContentAsync());
        Assert.Equal("2", await state.Locator("dd[data-key=watchers]").TextContentAsync());
        Assert.Equal("motion now", await state.Locator("dd[data-key=motion]").TextContentAsync());
        Assert.Equal("live · 2 watching", await page.Locator("[data-camera=cam1] .badge.demand").TextContentAsync());
        Assert.True(await page.Locator("[data-camera=cam1] .badge.motion").IsVisibleAsync());
        Assert.True(await page.Locator("details.settings-panel").IsVisibleAsync());

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a.snapshot-download").ClickAsync());
        Assert.StartsWith("cam1-", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.EndsWith(".jpeg", download.SuggestedFilename, StringComparison.Ordinal);
        var saved = await File.ReadAllBytesAsync((await download.PathAsync())!, TestContext.Current.CancellationToken);
        Assert.Equal(frame, saved);

        await page.Locator("button.fullscreen").ClickAsync();
        await page.WaitForFunctionAsync("() => document.fullscreenElement && document.fullscreenElement.classList.contains('view')", null, s_wait);
        Assert.Empty(chromium.PageErrors);
    }

    [Fact]
    public async Task DemandBadges_FollowTheStateFieldsLiveWatchersAndMotion_InTheGridAndTheSingleView()
    {
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await OnlineDeviceAsync(bridge, "cam1", State("cam1", live: false, watchers: 0, motion: false));
        // A device that does not report demand (an older one) gets no badge: nothing is guessed from "streaming".
        await using var older = await OnlineDeviceAsync(bridge, "older");
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.OpenAsync(bridge.Address, 1440, 900);
        await page.Locator("[data-camera=older]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await ExpectBadgesAsync(page, "cam1", "idle", motion: false);
        Assert.False(await page.Locator("[data-camera=older] .badge.demand").IsVisibleAsync());
        Assert.False(await page.Locator("[data-camera=older] .badge.motion").IsVisibleAsync());

        // Watched and moving: the grid follows the next state on its refresh.
        await device.PublishRawAsync(device.Topics.State, Encoding.UTF8.GetBytes(State("cam1", live: true, watchers: 2, motion: true)));
        await ExpectBadgesAsync(page, "cam1", "live · 2 watching", motion: true);
        Assert.Equal("live", await page.Locator("[data-camera=cam1] .badge.demand").EvaluateAsync<string>("b => b.classList.contains('live') ? 'live' : 'idle'"));

        // Motion over, one watcher left, not streaming: idle although watched (the device decides "live").
        await device.PublishRawAsync(device.Topics.State, Encoding.UTF8.GetBytes(State("cam1", live: false, watchers: 1, motion: false)));
        await ExpectBadgesAsync(page, "cam1", "idle · 1 watching", motion: false);

        // An offline device's last state is not now: no badge.
        await device.PublishRawAsync(device.Topics.Availability, "offline"u8.ToArray());
        await page.WaitForFunctionAsync("() => document.querySelector('[data-camera=cam1] .badge.demand').hidden", null, s_wait);

        // The single-camera view shows the same three fields.
        await device.PublishRawAsync(device.Topics.State, Encoding.UTF8.GetBytes(State("cam1", live: true, watchers: 0, motion: true)));
        await device.PublishRawAsync(device.Topics.Availability, "online"u8.ToArray());
        var single = await chromium.OpenAsync(new Uri(bridge.Address, "/cameras/cam1"), 390, 844);
        await single.WaitForFunctionAsync("() => { const d = document.querySelector('dl.state dd[data-key=live]'); return d && d.textContent === 'live (full rate)'; }", null, s_wait);
        Assert.Equal("0", await single.Locator("dl.state dd[data-key=watchers]").TextContentAsync());
        Assert.Equal("motion now", await single.Locator("dl.state dd[data-key=motion]").TextContentAsync());
        await ExpectBadgesAsync(single, "cam1", "live", motion: true);
        Assert.Empty(chromium.PageErrors);

        static string State(string id, bool live, int watchers, bool motion) =>
            $$$"""{"id":"{{{id}}}","source":"testpattern","version":"test","streaming":{{{(live ? "true" : "false")}}},"settings":{"fps":10,"live":"auto"},"live":{{{(live ? "true" : "false")}}},"watchers":{{{watchers}}},"motion":{{{(motion ? "true" : "false")}}}}""";
    }

    private static async Task ExpectBadgesAsync(IPage page, string camera, string demand, bool motion)
    {
        var script = $$"""
            () => { const c = document.querySelector('[data-camera={{camera}}]'); if (!c) return false;
              const d = c.querySelector('.badge.demand'), m = c.querySelector('.badge.motion');
              return !d.hidden && d.textContent === '{{demand}}' && m.hidden === {{(motion ? "false" : "true")}}; }
            """;
        await page.WaitForFunctionAsync(script, null, s_wait);
    }

    [Fact]
    public async Task SingleCameraView_ForACameraNeverSeen_SaysSo()
    {
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.OpenAsync(new Uri(bridge.Address, "/cameras/nobody"));
        await page.WaitForFunctionAsync("() => document.querySelector('#status').textContent === 'unknown camera'", null, s_wait);
        Assert.Contains("No camera 'nobody'", await page.Locator("main").TextContentAsync(), StringComparison.Ordinal);
        Assert.Empty(chromium.PageErrors);
    }

    /// <summary>A device that announced itself: online, with a retained state carrying its settings.</summary>
    private async Task<FakeDevice> OnlineDeviceAsync(BridgeHost bridge, string id, string? state = null)
    {
        var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, id);
        state ??= $$$"""{"id":"{{{id}}}","source":"testpattern","version":"test","streaming":true,"settings":{"width":1280,"height":720,"fps":10,"quality":80,"awb_gains":[0,0],"roi":[0,0,1,1],"live":"always"}}""";
        var ready = FrameEndpointsTests.WaitForCameraAsync(bridge, id, c => c.Availability == "online" && c.State is not null);
        await device.PublishRawAsync(device.Topics.State, Encoding.UTF8.GetBytes(state));
        await device.PublishRawAsync(device.Topics.Availability, "online"u8.ToArray());
        await ready;
        return device;
    }
}
