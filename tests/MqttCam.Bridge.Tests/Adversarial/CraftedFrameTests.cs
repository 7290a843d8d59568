using System.Diagnostics;
using System.Globalization;
using System.Net;
using MqttCam.Bridge.Tests.Serving;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Imaging;
using MqttCam.Testing.Media;

namespace MqttCam.Bridge.Tests.Adversarial;

/// <summary>
/// Issue 10 #2 and the crafted-frame part of the adversarial suite: bombs, truncated, CMYK, progressive, huge EXIF and
/// seeded mutations go in over MQTT; every request gets an answer (never a 500), another camera keeps being served,
/// and the process's resident memory stays bounded by the pixel budget.
/// </summary>
public sealed class CraftedFrameTests(BrokerFixture broker)
{
    private const long Budget = 4_000_000; // 2000 x 2000: 1/8 of 16000 fits, 1/8 of 16384 does not
    private const long RssGrowthBoundBytes = 300L * 1024 * 1024;

    [Fact]
    public async Task DecompressionBomb_ResizeStorm_StaysWithinThePixelBudget()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?>
        {
            ["Bridge:MaxDecodePixels"] = Budget.ToString(CultureInfo.InvariantCulture),
        });
        await using var bomber = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "b");
        var bomb = CraftedJpegs.Uniform(16000, 16000);
        Assert.InRange(bomb.Length, 500_000, 2_000_000);
        Assert.Equal((16000, 16000), (JpegCodec.ReadInfo(bomb).Width, JpegCodec.ReadInfo(bomb).Height));
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, bomber, bomb, 1);
        var before = ResidentBytes();

        // The storm: nine sizes near the resize maximum, each a fresh decode. 1/8 of 16000 fits the budget,
        // so each is decoded DCT-scaled (2000x2000) instead of at 1/2 (8000x8000, 192 MB).
        for (var size = 4088; size <= 4096; size++)
        {
            using var resized = await bridge.Http.GetAsync($"/cameras/b/live{size}x{size}.jpeg", token);
            Assert.Equal(HttpStatusCode.OK, resized.StatusCode);
            Assert.Equal(size, JpegCodec.ReadInfo(await resized.Content.ReadAsByteArrayAsync(token)).Width);
        }

        var after = ResidentBytes();
        Assert.True(after - before < RssGrowthBoundBytes, $"RSS grew {(after - before) >> 20} MB (before {before >> 20} MB, after {after >> 20} MB)");
        TestContext.Current.TestOutputHelper?.WriteLine($"bomb {bomb.Length} bytes declaring 16000x16000, 9 resizes 4088..4096: RSS {before >> 20} -> {after >> 20} MB");

        // A frame that does not fit even at 1/8 is refused for resizing, and still served as is.
        var tooBig = CraftedJpegs.Uniform(16384, 16384);
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, bomber, tooBig, 2);
        using (var refused = await bridge.Http.GetAsync("/cameras/b/live320x320.jpeg", token))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("Bridge:MaxDecodePixels", await refused.Content.ReadAsStringAsync(token), StringComparison.Ordinal);
        }

        using var original = await bridge.Http.GetAsync("/cameras/b/live.jpeg", token);
        Assert.Equal(tooBig, await original.Content.ReadAsByteArrayAsync(token));
        Assert.Equal(1, bridge.Metrics.ResizesRefused);
    }

    [Fact]
    public async Task HostileFrames_AreAnsweredWithoutServerErrors_AndOtherCamerasStayServed()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?>
        {
            ["Bridge:MaxDecodePixels"] = Budget.ToString(CultureInfo.InvariantCulture),
        });
        await using var good = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "good");
        await using var evil = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "evil");
        var goodFrame = TestJpegs.Numbered(1, 640, 360);
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, good, goodFrame, 1);
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, evil, TestJpegs.Numbered(2), 1);

        var valid = TestJpegs.Numbered(3, 640, 480, noisy: true);
        var random = new Random(20261201);
        var hostile = new List<(string Name, byte[] Jpeg)>
        {
            ("bomb-16000", CraftedJpegs.Uniform(16000, 16000)),
            ("cmyk", CraftedJpegs.Uniform(1024, 768, components: 4)),
            ("ycbcr-8000", CraftedJpegs.Uniform(8000, 8000, components: 3)),
            ("progressive-marker", CraftedJpegs.WithFrameMarker(valid, 0xC2)),
            ("arithmetic-marker", CraftedJpegs.WithFrameMarker(valid, 0xC9)),
            ("truncated", CraftedJpegs.Truncated(valid)),
            ("huge-exif", CraftedJpegs.WithHugeExif(valid, 100)),
        };
        for (var i = 0; i < 150; i++)
        {
            hostile.Add(($"mutated-{i}", CraftedJpegs.Mutated(valid, random, 1 + random.Next(16))));
        }

        var before = ResidentBytes();
        var statuses = new Dictionary<HttpStatusCode, int>();
        long sequence = 10;
        foreach (var (name, jpeg) in hostile)
        {
            // A barrier frame of the good camera after each hostile one proves the hostile one was handled.
            await evil.PublishFrameAsync(jpeg, ++sequence);
            await FrameEndpointsTests.PublishAndAwaitAsync(bridge, good, goodFrame, sequence);
            foreach (var path in new[] { "/cameras/evil/live.jpeg", "/cameras/evil/live320x240.jpeg", "/cameras/evil/live4096x4096.jpeg" })
            {
                using var response = await bridge.Http.GetAsync(path, token);
                Assert.True((int)response.StatusCode < 500 || response.StatusCode == HttpStatusCode.BadGateway, $"{name} {path}: {(int)response.StatusCode}");
                statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            }

            var served = await bridge.Http.GetByteArrayAsync("/cameras/good/live.jpeg", token).WaitAsync(TimeSpan.FromSeconds(10), token);
            Assert.Equal(goodFrame, served);
        }

        var after = ResidentBytes();
        Assert.True(after - before < RssGrowthBoundBytes, $"RSS grew {(after - before) >> 20} MB over {hostile.Count} hostile frames");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{hostile.Count} hostile frames, RSS {before >> 20} -> {after >> 20} MB, statuses " + string.Join(", ", statuses.Select(s => $"{(int)s.Key}x{s.Value}")));
    }

    /// <summary>VmRSS of this process after a full collection, so only memory that is really held counts.</summary>
    internal static long ResidentBytes()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
