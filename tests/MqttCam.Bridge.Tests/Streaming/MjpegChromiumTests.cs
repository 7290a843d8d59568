using Microsoft.Playwright;
using MqttCam.Bridge.Tests.Serving;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Testing.Media;

namespace MqttCam.Bridge.Tests.Streaming;

/// <summary>
/// Issue 13: Chromium renders an MJPEG part only once the next part's headers are complete. With the stream paused
/// after the last frame, real headless Chromium (Debian's <c>chromium</c>) must show that last frame, both as the
/// top-level document and as an <c>&lt;img&gt;</c>. Frames differ in width, so naturalWidth says which one is shown.
/// </summary>
public sealed class MjpegChromiumTests(BrokerFixture broker)
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private static readonly int[] s_widths = [200, 240, 280];

    [Fact]
    public async Task PausedStream_ShowsTheLatestFrame_TopLevelAndAsImg()
    {
        Assert.True(File.Exists(ChromiumPath), "chromium not found: apt-get install chromium");
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(0, 160, 90), 1);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var streamUrl = new Uri(bridge.Address, "/cameras/cam1/stream.mjpeg").ToString();

        var topLevel = await browser.NewPageAsync();
        _ = topLevel.GotoAsync(streamUrl, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        var embedded = await browser.NewPageAsync();
        await embedded.SetContentAsync($"<img id=live src=\"{streamUrl}\">");

        const string shown = "w => { const i = document.querySelector('img'); return !!i && i.naturalWidth === w; }";
        await topLevel.WaitForFunctionAsync(shown, 160, new PageWaitForFunctionOptions { Timeout = 15_000 });
        await embedded.WaitForFunctionAsync(shown, 160, new PageWaitForFunctionOptions { Timeout = 15_000 });

        for (var i = 0; i < s_widths.Length; i++)
        {
            var width = s_widths[i];
            await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(i + 1, width, width / 2), i + 2);

            // Each frame, including the last one after which the stream pauses, must be on screen.
            await topLevel.WaitForFunctionAsync(shown, width, new PageWaitForFunctionOptions { Timeout = 10_000 });
            await embedded.WaitForFunctionAsync(shown, width, new PageWaitForFunctionOptions { Timeout = 10_000 });
        }
    }
}
