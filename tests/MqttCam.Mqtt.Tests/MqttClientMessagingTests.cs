using System.Text;
using MqttCam.Testing.Broker;
using static MqttCam.Mqtt.Tests.Support.TestClients;

namespace MqttCam.Mqtt.Tests;

/// <summary>Publish/subscribe between our clients through a real mosquitto.</summary>
public sealed class MqttClientMessagingTests(MosquittoBrokerFixture fixture) : IClassFixture<MosquittoBrokerFixture>
{
    private readonly string _prefix = MosquittoBrokerFixture.NewTopicPrefix();

    [Fact]
    public async Task PublishAsync_Retained_LateSubscriberReceivesItWithRetainFlag()
    {
        string topic = _prefix + "frame";
        byte[] payload = RandomBytes(150_000, seed: 1);
        await using (MqttClient publisher = await ConnectedAsync(fixture.Broker))
        {
            await publisher.PublishAsync(topic, payload, MqttQos.AtLeastOnce, retain: true, cancellationToken: Token);
            Assert.Equal(1, publisher.Statistics.MessagesPublished);
            Assert.Equal(payload.Length, publisher.Statistics.BytesPublished);
        }

        await using MqttClient subscriber = await ConnectedAsync(fixture.Broker);
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce, Token);
        MqttMessage message = await ReceiveAsync(subscriber);

        Assert.Equal(topic, message.Topic);
        Assert.True(message.Retain);
        Assert.Equal(payload, message.Payload.ToArray());
        Assert.Equal(1, subscriber.Statistics.MessagesReceived);
        Assert.Equal(payload.Length, subscriber.Statistics.BytesReceived);
    }

    [Fact]
    public async Task PublishAsync_FiveMegabytePayload_ArrivesByteEqual()
    {
        string topic = _prefix + "big";
        byte[] payload = RandomBytes(5 * 1024 * 1024, seed: 2);
        await using MqttClient subscriber = await ConnectedAsync(fixture.Broker);
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce, Token);
        await using MqttClient publisher = await ConnectedAsync(fixture.Broker);

        await publisher.PublishAsync(topic, payload, MqttQos.AtLeastOnce, cancellationToken: Token);
        MqttMessage message = await ReceiveAsync(subscriber);

        Assert.Equal(payload.Length, message.Payload.Length);
        Assert.True(payload.AsSpan().SequenceEqual(message.Payload.Span));
    }

    [Fact]
    public async Task PublishAsync_V5Properties_RoundTripBetweenClients()
    {
        string topic = _prefix + "props";
        var properties = new MqttMessageProperties
        {
            ContentType = "image/jpeg",
            ResponseTopic = _prefix + "reply/ü",
            CorrelationData = new byte[] { 0, 1, 2, 255, 254 },
            MessageExpiryInterval = 3600,
            UserProperties = [new("camera", "front"), new("camera", "duplicate key"), new("ünïcode", "€")],
        };
        await using MqttClient subscriber = await ConnectedAsync(fixture.Broker);
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce, Token);
        await using MqttClient publisher = await ConnectedAsync(fixture.Broker);

        await publisher.PublishAsync(topic, Utf8("jpeg"), MqttQos.AtLeastOnce, properties: properties, cancellationToken: Token);
        MqttMessage message = await ReceiveAsync(subscriber);

        Assert.NotNull(message.Properties);
        Assert.Equal("image/jpeg", message.Properties.ContentType);
        Assert.Equal(_prefix + "reply/ü", message.Properties.ResponseTopic);
        Assert.Equal(new byte[] { 0, 1, 2, 255, 254 }, message.Properties.CorrelationData.ToArray());

        // The broker forwards the remaining lifetime, which can only have shrunk.
        Assert.InRange(message.Properties.MessageExpiryInterval!.Value, 3590u, 3600u);
        Assert.Equal(properties.UserProperties, message.Properties.UserProperties);
    }

    [Fact]
    public async Task PublishAsync_WithoutProperties_ReceivedPropertiesAreNull()
    {
        string topic = _prefix + "plain";
        await using MqttClient subscriber = await ConnectedAsync(fixture.Broker);
        await subscriber.SubscribeAsync(topic, cancellationToken: Token);
        await using MqttClient publisher = await ConnectedAsync(fixture.Broker);

        await publisher.PublishAsync(topic, Utf8("x"), cancellationToken: Token);
        MqttMessage message = await ReceiveAsync(subscriber);

        Assert.Null(message.Properties);
        Assert.Equal(MqttQos.AtMostOnce, message.Qos);
        Assert.False(message.Retain);
    }

    [Fact]
    public async Task V311_PublishSubscribeWithProperties_WorksAndPropertiesAreNotSent()
    {
        string topic = _prefix + "v311/ü";
        await using MqttClient subscriber = await ConnectedAsync(fixture.Broker, MqttProtocolVersion.V311);
        await subscriber.SubscribeAsync(_prefix + "v311/+", MqttQos.ExactlyOnce, Token);
        await using MqttClient publisher = await ConnectedAsync(fixture.Broker, MqttProtocolVersion.V311);

        await publisher.PublishAsync(topic, Utf8("qos2"), MqttQos.ExactlyOnce, properties: new MqttMessageProperties { ContentType = "text/plain" }, cancellationToken: Token);
        MqttMessage message = await ReceiveAsync(subscriber);

        Assert.Equal(topic, message.Topic);
        Assert.Equal("qos2", Encoding.UTF8.GetString(message.Payload.Span));
        Assert.Equal(MqttQos.ExactlyOnce, message.Qos);
        Assert.Null(message.Properties);
    }

    [Fact]
    public async Task UnsubscribeAsync_StopsDelivery()
    {
        string topic = _prefix + "unsub";
        string marker = _prefix + "marker";
        await using MqttClient subscriber = await ConnectedAsync(fixture.Broker);
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce, Token);
        await subscriber.SubscribeAsync(marker, MqttQos.AtLeastOnce, Token);
        await using MqttClient publisher = await ConnectedAsync(fixture.Broker);
        await publisher.PublishAsync(topic, Utf8("before"), MqttQos.AtLeastOnce, cancellationToken: Token);
        Assert.Equal("before", Encoding.UTF8.GetString((await ReceiveAsync(subscriber)).Payload.Span));

        await subscriber.UnsubscribeAsync(topic, Token);
        await publisher.PublishAsync(topic, Utf8("after"), MqttQos.AtLeastOnce, cancellationToken: Token);
        await publisher.PublishAsync(marker, Utf8("marker"), MqttQos.AtLeastOnce, cancellationToken: Token);

        // Same publisher, same QoS: had "after" been delivered it would arrive before the marker.
        MqttMessage next = await ReceiveAsync(subscriber);
        Assert.Equal(marker, next.Topic);
    }

    [Fact]
    public async Task ConnectionStateChanged_IsRaisedOffTheNetworkThreadWithConnected()
    {
        var connected = new TaskCompletionSource<(MqttConnectionState State, string? ThreadName)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = new MqttClient(Options(fixture.Broker));
        client.ConnectionStateChanged += (_, e) =>
        {
            if (e.State == MqttConnectionState.Connected)
            {
                connected.TrySetResult((e.State, Thread.CurrentThread.Name));
            }
        };

        await client.ConnectAsync(Token).WaitAsync(WaitTimeout, Token);
        (MqttConnectionState state, string? threadName) = await connected.Task.WaitAsync(WaitTimeout, Token);

        Assert.Equal(MqttConnectionState.Connected, state);
        Assert.NotEqual("mqtt-" + client.Options.ClientId, threadName);
        Assert.True(client.IsConnected);
    }
}
