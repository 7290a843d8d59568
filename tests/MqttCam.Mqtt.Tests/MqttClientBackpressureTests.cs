using MqttCam.Testing.Broker;
using static MqttCam.Mqtt.Tests.Support.TestClients;

namespace MqttCam.Mqtt.Tests;

/// <summary>
/// The pending window bounds what is handed to libmosquitto (whose own queue is unbounded). The broker is frozen with
/// SIGSTOP so no PUBACK can free the window: the counts are then exact, with no timing involved.
/// </summary>
public sealed class MqttClientBackpressureTests
{
    private readonly string _prefix = MosquittoBrokerFixture.NewTopicPrefix();

    [Fact]
    public async Task TryPublish_WindowFullByCount_ReturnsBackpressureAndQueuesNothingMore()
    {
        await using MosquittoBroker broker = await MosquittoBroker.StartAsync(cancellationToken: Token);
        string topic = _prefix + "count";
        await using MqttClient subscriber = await ConnectedAsync(broker);
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce, Token);
        MqttClientOptions options = Options(broker);
        options.MaxPendingPublishes = 8;
        await using var publisher = new MqttClient(options);
        await publisher.ConnectAsync(Token).WaitAsync(WaitTimeout, Token);
        byte[] frame = RandomBytes(10_000, seed: 6);

        broker.Pause();
        MqttPublishResult[] results;
        try
        {
            results = [.. Enumerable.Range(0, 1000).Select(_ => publisher.TryPublish(topic, frame, MqttQos.AtLeastOnce))];
        }
        finally
        {
            broker.Resume();
        }

        Assert.Equal(8, results.Count(r => r == MqttPublishResult.Accepted));
        Assert.Equal(992, results.Count(r => r == MqttPublishResult.Backpressure));
        Assert.Equal(992, publisher.Statistics.PublishesRejected);

        // Exactly the accepted ones arrive once the broker answers again.
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(frame, (await ReceiveAsync(subscriber)).Payload.ToArray());
        }

        await publisher.PublishAsync(topic, ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce, cancellationToken: Token);
        Assert.Equal(0, (await ReceiveAsync(subscriber)).Payload.Length);
        Assert.Equal(9, publisher.Statistics.MessagesPublished);
    }

    [Fact]
    public async Task PublishAsync_WindowFullByBytes_WaitsUntilAcknowledgementsFreeIt()
    {
        await using MosquittoBroker broker = await MosquittoBroker.StartAsync(cancellationToken: Token);
        string topic = _prefix + "bytes";
        MqttClientOptions options = Options(broker);
        options.MaxPendingBytes = 1_000_000;
        await using var publisher = new MqttClient(options);
        await publisher.ConnectAsync(Token).WaitAsync(WaitTimeout, Token);
        byte[] frame = RandomBytes(300_000, seed: 7);

        broker.Pause();
        Task[] publishes;
        try
        {
            publishes = [.. Enumerable.Range(0, 5).Select(_ => publisher.PublishAsync(topic, frame, MqttQos.AtLeastOnce, cancellationToken: Token).AsTask())];

            // Three frames (900 KB) fit; a fourth would exceed 1 MB.
            Assert.Equal(MqttPublishResult.Backpressure, publisher.TryPublish(topic, frame, MqttQos.AtLeastOnce));
            Assert.All(publishes, t => Assert.False(t.IsCompleted));
        }
        finally
        {
            broker.Resume();
        }

        await Task.WhenAll(publishes).WaitAsync(WaitTimeout, Token);
        Assert.Equal(5, publisher.Statistics.MessagesPublished);
        Assert.Equal(5L * frame.Length, publisher.Statistics.BytesPublished);
    }
}
