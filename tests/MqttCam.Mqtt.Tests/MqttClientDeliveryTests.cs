using System.Buffers.Binary;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Time;
using static MqttCam.Mqtt.Tests.Support.TestClients;

namespace MqttCam.Mqtt.Tests;

/// <summary>QoS 1 completeness, reconnection and resubscription across a broker restart.</summary>
public sealed class MqttClientDeliveryTests
{
    private readonly string _prefix = MosquittoBrokerFixture.NewTopicPrefix();

    [Fact]
    public async Task PublishAsync_Qos1Thousand_AllDeliveredExactlyOnce()
    {
        // mosquitto queues at most max_queued_messages (default 1000) per subscriber beyond its 20 in flight and then
        // DROPS, even for QoS 1. A subscriber that falls behind by 1,000 would lose messages through no fault of the
        // client, so the limit is raised above the message count: any loss seen here is then the client's.
        await using MosquittoBroker broker = await MosquittoBroker.StartAsync(
            new MosquittoBrokerOptions { ExtraConfig = ["max_queued_messages 2000"] }, Token);
        const int count = 1000;
        string topic = _prefix + "qos1";
        await using MqttClient subscriber = await ConnectedAsync(broker);
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce, Token);
        await using MqttClient publisher = await ConnectedAsync(broker);

        Task[] publishes = new Task[count];
        for (int i = 0; i < count; i++)
        {
            byte[] payload = new byte[4096];
            BinaryPrimitives.WriteInt32LittleEndian(payload, i);
            publishes[i] = publisher.PublishAsync(topic, payload, MqttQos.AtLeastOnce, cancellationToken: Token).AsTask();
        }

        var received = new List<int>(count);
        while (received.Count < count)
        {
            MqttMessage message = await ReceiveAsync(subscriber);
            received.Add(BinaryPrimitives.ReadInt32LittleEndian(message.Payload.Span));
        }

        await Task.WhenAll(publishes).WaitAsync(WaitTimeout, Token);

        // 1,000 concurrent (not awaited one by one) publishes may be handed over out of order once the window is
        // full; what matters is that each arrives exactly once.
        Assert.Equal(Enumerable.Range(0, count), received.Order());
        Assert.Equal(count, publisher.Statistics.MessagesPublished);
        Assert.Equal(0, subscriber.Statistics.ReceivedMessagesDropped);
        Assert.DoesNotContain("dropped", broker.GetLog(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task BrokerRestart_ClientsReconnectResubscribeAndQueuedQos1ArrivesExactlyOnce()
    {
        await using MosquittoBroker broker = await MosquittoBroker.StartAsync(cancellationToken: Token);
        string topic = _prefix + "restart";

        await using MqttClient subscriber = await ConnectedAsync(broker);
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce, Token);

        // The publisher's reconnect backoff runs on a manual clock, so it comes back only once the subscriber has
        // re-subscribed; otherwise its queued messages could reach the broker before anyone subscribed again.
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var publisher = new MqttClient(Options(broker), logger: null, clock);
        await publisher.ConnectAsync(Token).WaitAsync(WaitTimeout, Token);
        var publisherReconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        publisher.ConnectionStateChanged += (_, e) =>
        {
            if (e.State == MqttConnectionState.Connected)
            {
                publisherReconnected.TrySetResult();
            }
        };

        Task backoffStarted = clock.WaitForTimerAsync();
        await broker.StopAsync(Token);
        await backoffStarted.WaitAsync(WaitTimeout, Token);
        Assert.False(publisher.IsConnected);

        // While the broker is down: QoS 0 is refused outright, QoS 1 is queued and waits.
        await Assert.ThrowsAsync<MqttException>(async () => await publisher.PublishAsync(topic, Utf8("q0"), cancellationToken: Token));
        Assert.Equal(MqttPublishResult.NotConnected, publisher.TryPublish(topic, Utf8("live frame")));
        Task[] queued = [.. Enumerable.Range(0, 5).Select(i => publisher.PublishAsync(topic, Utf8("offline-" + i), MqttQos.AtLeastOnce, cancellationToken: Token).AsTask())];
        Assert.All(queued, t => Assert.False(t.IsCompleted));

        await broker.RestartAsync(Token);
        await subscriber.WaitUntilConnectedAsync(Token).WaitAsync(WaitTimeout, Token);
        await broker.WaitForSubscriptionAsync(subscriber.Options.ClientId, topic, WaitTimeout, Token);
        clock.Advance(TimeSpan.FromMinutes(1));
        await publisherReconnected.Task.WaitAsync(WaitTimeout, Token);
        await Task.WhenAll(queued).WaitAsync(WaitTimeout, Token);

        // A marker after the queued ones proves nothing else (no duplicate) was in between.
        await publisher.PublishAsync(topic, Utf8("marker"), MqttQos.AtLeastOnce, cancellationToken: Token);
        var payloads = new List<string>();
        while (payloads.LastOrDefault() != "marker")
        {
            payloads.Add(System.Text.Encoding.UTF8.GetString((await ReceiveAsync(subscriber)).Payload.Span));
        }

        Assert.Equal(["offline-0", "offline-1", "offline-2", "offline-3", "offline-4", "marker"], payloads);
        Assert.Equal(1, subscriber.Statistics.Reconnects);
        Assert.Equal(1, publisher.Statistics.Reconnects);
        Assert.Equal(1, publisher.Statistics.PublishesRejected);
    }
}
