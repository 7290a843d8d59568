using System.Text;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Time;
using static MqttCam.Mqtt.Tests.Support.TestClients;

namespace MqttCam.Mqtt.Tests;

public sealed class MqttRequesterTests(MosquittoBrokerFixture fixture) : IClassFixture<MosquittoBrokerFixture>
{
    private static string Text(MqttMessage message) => Encoding.UTF8.GetString(message.Payload.Span);

    /// <summary>A responder subscribed to <c>root/request</c> and a requesting client subscribed to its reply topic.</summary>
    private async Task<(MqttClient Responder, MqttClient Requesting)> ConnectPairAsync(string root, string replySuffix)
    {
        var responder = await ConnectedAsync(fixture.Broker);
        var requesting = await ConnectedAsync(fixture.Broker);
        await responder.SubscribeAsync(root + "/request", MqttQos.AtLeastOnce, Token);
        await requesting.SubscribeAsync(root + replySuffix, MqttQos.AtLeastOnce, Token);
        return (responder, requesting);
    }

    [Fact]
    public async Task TheReplyWithTheRequestsCorrelationDataCompletesIt_OthersDoNot()
    {
        var root = "rq/" + Guid.NewGuid().ToString("N");
        var (responder, requesting) = await ConnectPairAsync(root, "/reply");
        await using var _ = responder;
        await using var __ = requesting;
        var requester = new MqttRequester<string>(requesting, Text);

        var request = requester.RequestAsync(root + "/request", Utf8("ping"), root + "/reply", "id-1", WaitTimeout, TimeProvider.System, Token);
        var received = await ReceiveAsync(responder);
        Assert.Equal(root + "/reply", received.Properties!.ResponseTopic);
        Assert.Equal("id-1", Encoding.UTF8.GetString(received.Properties.CorrelationData.Span));

        // A stranger's reply first, then ours: only ours completes the request.
        await responder.PublishAsync(root + "/reply", Utf8("not yours"), MqttQos.AtLeastOnce, false, new MqttMessageProperties { CorrelationData = Utf8("id-2") }, Token);
        await responder.PublishAsync(root + "/reply", Utf8("pong"), MqttQos.AtLeastOnce, false, new MqttMessageProperties { CorrelationData = received.Properties.CorrelationData }, Token);
        Assert.False(requester.TryComplete(await ReceiveAsync(requesting)));
        Assert.True(requester.TryComplete(await ReceiveAsync(requesting)));

        Assert.Equal("pong", await request.WaitAsync(WaitTimeout, Token));
        Assert.Equal(0, requester.PendingCount);
    }

    [Fact]
    public async Task ARequestersOwnRequest_SeenBackThroughAWideSubscription_CompletesNothing()
    {
        // Home Assistant style: the requesting client also subscribes to the whole camera tree, request topic included.
        var root = "rq/" + Guid.NewGuid().ToString("N");
        var (responder, requesting) = await ConnectPairAsync(root, "/#");
        await using var _ = responder;
        await using var __ = requesting;
        var requester = new MqttRequester<string>(requesting, Text, reply => reply);

        var request = requester.RequestAsync(root + "/request", Utf8("id-3"), root + "/reply", "id-3", WaitTimeout, TimeProvider.System, Token);
        var received = await ReceiveAsync(responder);
        var echo = await ReceiveAsync(requesting);
        Assert.Equal(root + "/request", echo.Topic);
        Assert.False(requester.TryComplete(echo));

        await responder.PublishAsync(root + "/reply", Utf8("pong"), MqttQos.AtLeastOnce, false, new MqttMessageProperties { CorrelationData = received.Properties!.CorrelationData }, Token);
        Assert.True(requester.TryComplete(await ReceiveAsync(requesting)));
        Assert.Equal("pong", await request.WaitAsync(WaitTimeout, Token));
    }

    [Fact]
    public async Task AReplyWithoutCorrelationDataIsMatchedByTheFallbackKey()
    {
        var root = "rq/" + Guid.NewGuid().ToString("N");
        var (responder, requesting) = await ConnectPairAsync(root, "/response");
        await using var _ = responder;
        await using var __ = requesting;
        var requester = new MqttRequester<string>(requesting, Text, reply => reply);

        // No response topic: the request carries no MQTT 5 properties, the key travels in the payload.
        var request = requester.RequestAsync(root + "/request", Utf8("tx-7"), responseTopic: null, "tx-7", WaitTimeout, TimeProvider.System, Token);
        var received = await ReceiveAsync(responder);
        Assert.Null(received.Properties);
        await responder.PublishAsync(root + "/response", Utf8("tx-6"), MqttQos.AtLeastOnce, false, cancellationToken: Token);
        await responder.PublishAsync(root + "/response", received.Payload, MqttQos.AtLeastOnce, false, cancellationToken: Token);
        Assert.False(requester.TryComplete(await ReceiveAsync(requesting)));
        Assert.True(requester.TryComplete(await ReceiveAsync(requesting)));

        Assert.Equal("tx-7", await request.WaitAsync(WaitTimeout, Token));
    }

    [Fact]
    public async Task AnUnansweredRequestTimesOutOnTheGivenClock_AndIsForgotten()
    {
        var root = "rq/" + Guid.NewGuid().ToString("N");
        await using var requesting = await ConnectedAsync(fixture.Broker);
        var requester = new MqttRequester<string>(requesting, Text);
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var request = requester.RequestAsync(root + "/request", Utf8("ping"), root + "/reply", "lonely", TimeSpan.FromSeconds(5), clock, Token);
        await clock.WaitForTimerAsync().WaitAsync(WaitTimeout, Token);
        Assert.Equal(1, requester.PendingCount);
        clock.Advance(TimeSpan.FromSeconds(5));

        // The request itself must end (not a wait around it timing out): the manual clock alone made it expire.
        Assert.Same(request, await Task.WhenAny(request, Task.Delay(WaitTimeout, Token)));
        await Assert.ThrowsAsync<TimeoutException>(() => request);
        Assert.Equal(0, requester.PendingCount);
    }

    [Fact]
    public async Task AnUnreadableReplyCompletesNothing()
    {
        await using var requesting = await ConnectedAsync(fixture.Broker);
        var requester = new MqttRequester<string>(requesting, _ => null, reply => reply);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var request = requester.RequestAsync("rq/" + Guid.NewGuid().ToString("N"), Utf8("x"), null, "x", WaitTimeout, TimeProvider.System, cancel.Token);

        Assert.False(requester.TryComplete(new MqttMessage { Topic = "any", Payload = Utf8("x") }));

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
    }
}
