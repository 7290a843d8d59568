using System.Globalization;
using MqttCam.Testing.Broker;
using static MqttCam.Mqtt.Tests.Support.TestClients;

namespace MqttCam.Mqtt.Tests;

/// <summary>Reusable publish properties: what the subscriber receives, and no managed allocation per publish.</summary>
public sealed class MqttPublishPropertiesTests(MosquittoBrokerFixture fixture) : IClassFixture<MosquittoBrokerFixture>
{
    private readonly string _prefix = MosquittoBrokerFixture.NewTopicPrefix();

    [Fact]
    public async Task TryPublish_ReusedProperties_SubscriberReceivesEachPublishsOwnValues()
    {
        string topic = _prefix + "props";
        var (subscriber, publisher) = await PairAsync(topic);
        await using var subscriberLifetime = subscriber;
        await using var publisherLifetime = publisher;
        using var properties = new MqttPublishProperties();
        var at = new DateTimeOffset(2026, 12, 2, 1, 2, 3, TimeSpan.FromHours(1)).AddTicks(1234567);

        for (long sequence = 41; sequence <= 42; sequence++)
        {
            properties.Clear();
            properties.SetContentType("image/jpeg");
            properties.AddUserProperty("seq", sequence);
            properties.AddUserProperty("at", at, "O");
            properties.AddUserProperty("ü", 7);
            Assert.Equal(MqttPublishResult.Accepted, publisher.TryPublish(topic, Utf8("x"), MqttQos.AtMostOnce, retain: false, properties));
        }

        foreach (long sequence in new long[] { 41, 42 })
        {
            MqttMessage message = await ReceiveAsync(subscriber);
            Assert.NotNull(message.Properties);
            Assert.Equal("image/jpeg", message.Properties.ContentType);
            Assert.Equal(
                [new("seq", sequence.ToString(CultureInfo.InvariantCulture)), new("at", at.ToString("O", CultureInfo.InvariantCulture)), new("ü", "7")],
                message.Properties.UserProperties);
        }
    }

    [Fact]
    public async Task TryPublish_ReusedProperties_ClearedPropertiesSendNone()
    {
        string topic = _prefix + "cleared";
        var (subscriber, publisher) = await PairAsync(topic);
        await using var subscriberLifetime = subscriber;
        await using var publisherLifetime = publisher;
        using var properties = new MqttPublishProperties();
        properties.AddUserProperty("n", 1);
        properties.Clear();

        Assert.Equal(MqttPublishResult.Accepted, publisher.TryPublish(topic, Utf8("x"), MqttQos.AtMostOnce, retain: false, properties));

        Assert.Null((await ReceiveAsync(subscriber)).Properties);
    }

    [Fact]
    public void AddUserProperty_ValueLongerThanTheLimit_IsRefusedNotTruncated()
    {
        using var properties = new MqttPublishProperties();

        var error = Assert.Throws<ArgumentException>(() => properties.AddUserProperty("pad", 1, new string('0', 65)));

        Assert.Contains("longer than 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryPublish_FrameLikeProperties_AllocateNothingPerPublishInSteadyState()
    {
        string topic = _prefix + "alloc";
        var (subscriber, publisher) = await PairAsync(topic);
        await using var subscriberLifetime = subscriber;
        await using var publisherLifetime = publisher;
        using var properties = new MqttPublishProperties();
        byte[] payload = RandomBytes(100_000, seed: 14);
        const int warmUp = 20;
        const int measured = 200;
        long allocated = 0;

        for (int i = 0; i < warmUp + measured; i++)
        {
            // Only the fill and the publish are measured; the wait for the subscriber in between allocates freely.
            long before = GC.GetAllocatedBytesForCurrentThread();
            properties.Clear();
            properties.SetContentType("image/jpeg");
            properties.AddUserProperty("sequence", (long)i);
            properties.AddUserProperty("captured-at", TimeProvider.System.GetUtcNow(), "O");
            properties.AddUserProperty("width", 1280);
            properties.AddUserProperty("height", 720);
            MqttPublishResult result = publisher.TryPublish(topic, payload, MqttQos.AtMostOnce, retain: true, properties);
            long after = GC.GetAllocatedBytesForCurrentThread();
            Assert.Equal(MqttPublishResult.Accepted, result);
            if (i >= warmUp)
            {
                allocated += after - before;
            }

            Assert.Equal(payload.Length, (await ReceiveAsync(subscriber)).Payload.Length);
        }

        Assert.Equal(0, allocated);
    }

    private async Task<(MqttClient Subscriber, MqttClient Publisher)> PairAsync(string topic)
    {
        MqttClient subscriber = await ConnectedAsync(fixture.Broker);
        await subscriber.SubscribeAsync(topic, MqttQos.AtMostOnce, Token);
        return (subscriber, await ConnectedAsync(fixture.Broker));
    }
}
