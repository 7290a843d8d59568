using System.Net;
using System.Net.Sockets;
using MqttCam.Testing.Broker;
using static MqttCam.Mqtt.Tests.Support.TestClients;

namespace MqttCam.Mqtt.Tests;

/// <summary>Start-up with the broker down, disposal in every state, and no callbacks after dispose.</summary>
public sealed class MqttClientLifetimeTests(MosquittoBrokerFixture fixture) : IClassFixture<MosquittoBrokerFixture>
{
    private readonly string _prefix = MosquittoBrokerFixture.NewTopicPrefix();

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task DisposeAsync_WhileRetryingAgainstAClosedPort_CompletesAndIsIdempotent()
    {
        var client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = UnusedPort(), MaxReconnectDelay = TimeSpan.FromSeconds(30) });
        var states = new List<MqttConnectionState>();
        var disposed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionStateChanged += (_, e) =>
        {
            lock (states)
            {
                states.Add(e.State);
            }

            if (e.State == MqttConnectionState.Disposed)
            {
                disposed.TrySetResult();
            }
        };
        client.Start();
        Task waiting = client.WaitUntilConnectedAsync(Token);

        await client.DisposeAsync().AsTask().WaitAsync(WaitTimeout, Token);
        await client.DisposeAsync().AsTask().WaitAsync(WaitTimeout, Token);
        await disposed.Task.WaitAsync(WaitTimeout, Token);

        Assert.Equal(MqttConnectionState.Disposed, client.State);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(WaitTimeout, Token));
        Assert.Throws<ObjectDisposedException>(() => client.TryPublish("a", Utf8("x")));
        Assert.Equal(MqttConnectionState.Connecting, states[0]);
        Assert.Equal(MqttConnectionState.Disposed, states[^1]);
    }

    [Fact]
    public async Task DisposeAsync_NeverStarted_Completes()
    {
        var client = new MqttClient(new MqttClientOptions());
        await client.DisposeAsync().AsTask().WaitAsync(WaitTimeout, Token);
        Assert.Equal(MqttConnectionState.Disposed, client.State);
    }

    [Fact]
    public async Task Start_BrokerDownAtBoot_ConnectsOnceItAppears()
    {
        await using MosquittoBroker broker = await MosquittoBroker.StartAsync(cancellationToken: Token);
        await broker.StopAsync(Token);
        await using var client = new MqttClient(Options(broker));
        client.Start();
        Assert.False(client.IsConnected);

        await broker.RestartAsync(Token);
        await client.WaitUntilConnectedAsync(Token).WaitAsync(WaitTimeout, Token);

        Assert.True(client.IsConnected);
        Assert.Equal(0, client.Statistics.Reconnects);
    }

    [Fact]
    public async Task DisposeAsync_WhileConnected_NoMessageArrivesAfterwardsAndChannelCompletes()
    {
        string topic = _prefix + "after-dispose";
        MqttClient subscriber = await ConnectedAsync(fixture.Broker);
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce, Token);
        await using MqttClient witness = await ConnectedAsync(fixture.Broker);
        await witness.SubscribeAsync(topic, MqttQos.AtLeastOnce, Token);
        await using MqttClient publisher = await ConnectedAsync(fixture.Broker);
        await publisher.PublishAsync(topic, Utf8("one"), MqttQos.AtLeastOnce, cancellationToken: Token);
        Assert.Equal("one", System.Text.Encoding.UTF8.GetString((await ReceiveAsync(subscriber)).Payload.Span));
        Assert.Equal("one", System.Text.Encoding.UTF8.GetString((await ReceiveAsync(witness)).Payload.Span));

        await subscriber.DisposeAsync();
        await publisher.PublishAsync(topic, Utf8("two"), MqttQos.AtLeastOnce, cancellationToken: Token);
        await ReceiveAsync(witness);

        // The witness got "two", so the broker routed it; the disposed client must not have taken it.
        await subscriber.Messages.Completion.WaitAsync(WaitTimeout, Token);
        Assert.False(subscriber.Messages.TryRead(out _));
        Assert.Equal(1, subscriber.Statistics.MessagesReceived);
        Assert.Equal(MqttConnectionState.Disposed, subscriber.State);
    }
}
