using System.Net;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Testing.Media;

namespace MqttCam.Bridge.Tests.Serving;

/// <summary>HEAD on the still-image URLs: the GET's headers (length, type, ETag) and no body.</summary>
public sealed class HeadRequestTests(BrokerFixture broker)
{
    [Theory]
    [InlineData("/cameras/cam1/live.jpeg")]
    [InlineData("/live.jpeg")]
    [InlineData("/cameras/cam1/snapshot.jpeg")]
    [InlineData("/snapshot.jpeg")]
    public async Task Head_GivesTheSameHeadersAsGet_WithoutABody(string path)
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        var live = TestJpegs.Numbered(1);
        var snapshot = TestJpegs.Numbered(2, 640, 360);
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, live, 1);
        var snapshotSeen = FrameEndpointsTests.WaitForCameraAsync(bridge, "cam1", c => c.Snapshot is not null);
        await device.PublishFrameAsync(snapshot, 2, topic: device.Topics.Snapshot);
        await snapshotSeen;
        var expected = path.Contains("snapshot", StringComparison.Ordinal) ? snapshot : live;

        using var get = await bridge.Http.GetAsync(path, token);
        using var head = await bridge.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path), HttpCompletionOption.ResponseHeadersRead, token);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(expected, await get.Content.ReadAsByteArrayAsync(token));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(expected.Length, head.Content.Headers.ContentLength);
        Assert.Equal("image/jpeg", head.Content.Headers.ContentType?.MediaType);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.LastModified, head.Content.Headers.LastModified);
        Assert.Equal(get.Headers.GetValues("X-Frame-Sequence"), head.Headers.GetValues("X-Frame-Sequence"));
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(token));
    }

    [Fact]
    public async Task Head_IfNoneMatchCurrentFrame_Gives304_AndWildcardMatchesToo()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(1), 1);
        using var first = await bridge.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/cameras/cam1/live.jpeg"), token);

        using var conditional = new HttpRequestMessage(HttpMethod.Head, "/cameras/cam1/live.jpeg");
        conditional.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"other\""));
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await bridge.Http.SendAsync(conditional, token);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(first.Headers.ETag, notModified.Headers.ETag);

        using var wildcard = new HttpRequestMessage(HttpMethod.Get, "/cameras/cam1/live.jpeg");
        wildcard.Headers.TryAddWithoutValidation("If-None-Match", "*");
        using var wildcardResponse = await bridge.Http.SendAsync(wildcard, token);
        Assert.Equal(HttpStatusCode.NotModified, wildcardResponse.StatusCode);
        Assert.Empty(await wildcardResponse.Content.ReadAsByteArrayAsync(token));
    }
}
