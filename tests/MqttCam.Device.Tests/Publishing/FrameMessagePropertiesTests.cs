using MqttCam.Device.Publishing;
using MqttCam.Device.Tests.Support;
using MqttCam.Mqtt;
using MqttCam.Testing.Broker;

namespace MqttCam.Device.Tests.Publishing;

/// <summary>The live path (reused properties) and the snapshot path (built per message) must send the same properties.</summary>
[Collection(SharedBroker.Name)]
public sealed class FrameMessagePropertiesTests(MosquittoBrokerFixture fixture)
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // A fresh options object per client: each gets its own random client id.
    private MqttClientOptions Options() => new() { Host = fixture.Broker.Host, Port = fixture.Broker.Port };

    [Fact]
    public async Task Fill_SendsExactlyWhatForSends()
    {
        string topic = MosquittoBrokerFixture.NewTopicPrefix() + "image";
        await using var subscriber = new MqttClient(Options());
        await subscriber.ConnectAsync(Token).WaitAsync(s_wait, Token);
        await subscriber.SubscribeAsync(topic, MqttQos.AtMostOnce, Token);
        await using var publisher = new MqttClient(Options());
        await publisher.ConnectAsync(Token).WaitAsync(s_wait, Token);
        var capturedAt = new DateTimeOffset(2026, 12, 2, 2, 3, 4, TimeSpan.Zero).AddTicks(5678901);
        using var reused = new MqttPublishProperties();
        FrameMessageProperties.Fill(reused, 123456789012, capturedAt, 1280, 720);

        await publisher.PublishAsync(topic, new byte[] { 1 }, properties: FrameMessageProperties.For(123456789012, capturedAt, 1280, 720), cancellationToken: Token);
        Assert.Equal(MqttPublishResult.Accepted, publisher.TryPublish(topic, new byte[] { 2 }, MqttQos.AtMostOnce, retain: false, reused));

        var built = await subscriber.Messages.ReadAsync(Token).AsTask().WaitAsync(s_wait, Token);
        var filled = await subscriber.Messages.ReadAsync(Token).AsTask().WaitAsync(s_wait, Token);
        Assert.Equal(1, built.Payload.Span[0]);
        Assert.Equal(built.Properties!.ContentType, filled.Properties!.ContentType);
        Assert.Equal(built.Properties.UserProperties, filled.Properties.UserProperties);
        Assert.Equal(4, filled.Properties.UserProperties.Count);
    }
}
