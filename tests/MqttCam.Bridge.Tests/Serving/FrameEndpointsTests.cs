using System.Net;
using MqttCam.Bridge.Cameras;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Imaging;
using MqttCam.Testing.Media;

namespace MqttCam.Bridge.Tests.Serving;

public sealed class FrameEndpointsTests(BrokerFixture broker)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task LiveJpeg_AfterPublish_ServesTheExactBytesWithFrameHeaders()
    {
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        var jpeg = TestJpegs.Numbered(1);
        var capturedAt = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

        await PublishAndAwaitAsync(bridge, device, jpeg, 77, capturedAt);
        using var response = await bridge.Http.GetAsync("/cameras/cam1/live.jpeg", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(jpeg, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("77", response.Headers.GetValues("X-Frame-Sequence").Single());
        Assert.Equal(capturedAt, DateTimeOffset.Parse(response.Headers.GetValues("X-Capture-Time").Single(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(capturedAt, response.Content.Headers.LastModified);
        Assert.True(long.Parse(response.Headers.GetValues("X-Frame-Age-Ms").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 0);
    }

    [Fact]
    public async Task LiveJpeg_IfNoneMatch_Gives304ForTheSameFrameAnd200AfterANewOne()
    {
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        await PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(1), 1);
        using var first = await bridge.Http.GetAsync("/cameras/cam1/live.jpeg", TestContext.Current.CancellationToken);
        var etag = first.Headers.ETag!;

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/cameras/cam1/live.jpeg");
        conditional.Headers.IfNoneMatch.Add(etag);
        using var notModified = await bridge.Http.SendAsync(conditional, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

        var second = TestJpegs.Numbered(2);
        await PublishAndAwaitAsync(bridge, device, second, 2);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/cameras/cam1/live.jpeg");
        again.Headers.IfNoneMatch.Add(etag);
        using var changed = await bridge.Http.SendAsync(again, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Equal(second, await changed.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task LiveJpeg_BeforeFirstFrame_Gives503WithRetryAfter_UnknownGives404_InvalidGives400()
    {
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        var known = WaitForCameraAsync(bridge, "cam1", c => c.Availability == "online");
        await device.PublishRawAsync(device.Topics.Availability, "online"u8.ToArray());
        await known;

        using var noFrame = await bridge.Http.GetAsync("/cameras/cam1/live.jpeg", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, noFrame.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), noFrame.Headers.RetryAfter?.Delta);
        using var unknown = await bridge.Http.GetAsync("/cameras/nobody/live.jpeg", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        using var invalid = await bridge.Http.GetAsync("/cameras/bad.id/live.jpeg", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task ImageTopic_NonJpegOrTruncatedPayload_IsRejectedAndTheLastGoodFrameStays()
    {
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        var good = TestJpegs.Numbered(1);
        await PublishAndAwaitAsync(bridge, device, good, 1);

        await device.PublishRawAsync(device.Topics.Image, "not a jpeg at all"u8.ToArray());
        await device.PublishRawAsync(device.Topics.Image, good[..(good.Length / 2)]);
        var marker = TestJpegs.Numbered(3);

        // A later good frame on another camera proves the bad ones were processed before it (one ordered dispatch).
        await using var other = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam2");
        var otherSeen = WaitForCameraAsync(bridge, "cam2", c => c.Latest is not null);
        await device.Client.PublishAsync(other.Topics.Image, marker, MqttCam.Mqtt.MqttQos.AtLeastOnce, retain: true, cancellationToken: TestContext.Current.CancellationToken);
        await otherSeen;

        Assert.Equal(2, bridge.Metrics.RejectedPayloads);
        using var response = await bridge.Http.GetAsync("/cameras/cam1/live.jpeg", TestContext.Current.CancellationToken);
        Assert.Equal(good, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SnapshotJpeg_ServesTheSnapshotTopicAndLiveJpegWithoutIdServesTheOnlyCamera()
    {
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "only");
        var live = TestJpegs.Numbered(1);
        var snapshot = TestJpegs.Numbered(9, 640, 360);
        await PublishAndAwaitAsync(bridge, device, live, 1);
        var snapshotSeen = WaitForCameraAsync(bridge, "only", c => c.Snapshot is not null);
        await device.PublishFrameAsync(snapshot, 9, topic: device.Topics.Snapshot);
        await snapshotSeen;

        Assert.Equal(live, await bridge.Http.GetByteArrayAsync("/live.jpeg", TestContext.Current.CancellationToken));
        Assert.Equal(snapshot, await bridge.Http.GetByteArrayAsync("/cameras/only/snapshot.jpeg", TestContext.Current.CancellationToken));
        Assert.Equal(snapshot, await bridge.Http.GetByteArrayAsync("/snapshot.jpeg", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Resized_KeepsAspectNeverUpscalesAndComputesOncePerFrameAndSize()
    {
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        await PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(1, 1280, 720), 1);
        var token = TestContext.Current.CancellationToken;

        var exact = JpegCodec.ReadInfo(await bridge.Http.GetByteArrayAsync("/cameras/cam1/live640x360.jpeg", token));
        Assert.Equal((640, 360), (exact.Width, exact.Height));
        var byWidth = JpegCodec.ReadInfo(await bridge.Http.GetByteArrayAsync("/cameras/cam1/live.jpeg?width=320", token));
        Assert.Equal((320, 180), (byWidth.Width, byWidth.Height));
        var boxed = JpegCodec.ReadInfo(await bridge.Http.GetByteArrayAsync("/cameras/cam1/live.jpeg?width=400&height=400", token));
        Assert.Equal((400, 225), (boxed.Width, boxed.Height));
        var notUpscaled = JpegCodec.ReadInfo(await bridge.Http.GetByteArrayAsync("/cameras/cam1/live4000x4000.jpeg", token));
        Assert.Equal((1280, 720), (notUpscaled.Width, notUpscaled.Height));

        using var tooBig = await bridge.Http.GetAsync("/cameras/cam1/live.jpeg?width=100000", token);
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        using var notNumber = await bridge.Http.GetAsync("/cameras/cam1/live.jpeg?width=abc", token);
        Assert.Equal(HttpStatusCode.BadRequest, notNumber.StatusCode);

        var cache = bridge.Cameras.TryGet("cam1", out var camera) ? camera.ResizedFrames : throw new InvalidOperationException();
        var missesBefore = cache.Misses;
        var requests = Enumerable.Range(0, 20).Select(_ => bridge.Http.GetByteArrayAsync("/cameras/cam1/live.jpeg?width=200", token));
        var bodies = await Task.WhenAll(requests);
        Assert.Equal(missesBefore + 1, cache.Misses);
        Assert.All(bodies, body => Assert.Equal(bodies[0], body));
        Assert.Equal((200, 113), (JpegCodec.ReadInfo(bodies[0]).Width, JpegCodec.ReadInfo(bodies[0]).Height));
    }

    internal static async Task PublishAndAwaitAsync(BridgeHost bridge, FakeDevice device, byte[] jpeg, long sequence, DateTimeOffset? capturedAt = null)
    {
        var seen = WaitForFrameAsync(bridge, device.Topics.CameraId, sequence);
        await device.PublishFrameAsync(jpeg, sequence, capturedAt);
        await seen;
    }

    /// <summary>Completes when the bridge accepts a frame with the sequence (signalled by the registry event, no polling).</summary>
    internal static Task WaitForFrameAsync(BridgeHost bridge, string cameraId, long sequence)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnFrame(Frame frame)
        {
            if (frame.CameraId == cameraId && frame.Sequence == sequence)
            {
                seen.TrySetResult();
            }
        }

        bridge.Cameras.FrameAccepted += OnFrame;
        return seen.Task.WaitAsync(s_timeout, TestContext.Current.CancellationToken).ContinueWith(
            t =>
            {
                bridge.Cameras.FrameAccepted -= OnFrame;
                t.GetAwaiter().GetResult();
            },
            TaskScheduler.Default);
    }

    /// <summary>Waits for a camera condition such as availability or a snapshot, signalled by the registry.</summary>
    internal static Task WaitForCameraAsync(BridgeHost bridge, string cameraId, Func<CameraHub, bool> condition) =>
        CameraConditions.WaitAsync(bridge, cameraId, condition, s_timeout);
}
