using System.Text;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Processes;
using static MqttCam.Mqtt.Tests.Support.TestClients;

namespace MqttCam.Mqtt.Tests;

/// <summary>Interop with the real mosquitto_pub / mosquitto_sub command-line clients, binary-exact.</summary>
public sealed class MqttClientInteropTests(MosquittoBrokerFixture fixture) : IClassFixture<MosquittoBrokerFixture>
{
    private readonly string _prefix = MosquittoBrokerFixture.NewTopicPrefix();

    /// <summary>Every byte value, including 0x00, CR, LF and 0xFF, which would break text-mode pipes.</summary>
    private static byte[] AllByteValues(int repeat) =>
        [.. Enumerable.Range(0, 256 * repeat).Select(i => (byte)(i % 256))];

    [Fact]
    public async Task MosquittoPub_ToOurSubscriber_PayloadIsBinaryExact()
    {
        string topic = _prefix + "from-pub";
        byte[] payload = [.. AllByteValues(64), .. RandomBytes(100_000, seed: 3)];
        await using MqttClient subscriber = await ConnectedAsync(fixture.Broker);
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce, Token);

        await MosquittoTools.PublishAsync(fixture.Broker, topic, payload, "-q", "1");
        MqttMessage message = await ReceiveAsync(subscriber);

        Assert.Equal(payload, message.Payload.ToArray());
        Assert.Equal(MqttQos.AtLeastOnce, message.Qos);
    }

    [Fact]
    public async Task OurPublisher_ToMosquittoSub_PayloadIsBinaryExact()
    {
        string topic = _prefix + "to-sub";
        byte[] payload = [.. AllByteValues(64), .. RandomBytes(100_000, seed: 4)];
        await using var subscriber = await MosquittoTools.StartSubscriberAsync(fixture.Broker, topic, 1, WaitTimeout, "-q", "1");
        await using MqttClient publisher = await ConnectedAsync(fixture.Broker);

        await publisher.PublishAsync(topic, payload, MqttQos.AtLeastOnce, cancellationToken: Token);
        byte[] received = await MosquittoTools.ReadToExitAsync(subscriber, WaitTimeout);

        Assert.Equal(payload, received);
    }

    [Fact]
    public async Task OurRetainedPublish_SeenByMosquittoSubSubscribingLater()
    {
        string topic = _prefix + "retained";
        byte[] payload = RandomBytes(150_000, seed: 5);
        await using (MqttClient publisher = await ConnectedAsync(fixture.Broker))
        {
            await publisher.PublishAsync(topic, payload, MqttQos.AtLeastOnce, retain: true, cancellationToken: Token);
        }

        byte[] received = await MosquittoTools.SubscribeOneAsync(fixture.Broker, topic, WaitTimeout);

        Assert.Equal(payload, received);
    }

    [Fact]
    public async Task OurV5Properties_ReadByMosquittoSubFormat()
    {
        string topic = _prefix + "props";
        await using var subscriber = await MosquittoTools.StartSubscriberAsync(
            fixture.Broker, topic, 1, WaitTimeout, "-V", "mqttv5", "-q", "1", "-F", "%C|%R|%E|%P|%D|%p");
        await using MqttClient publisher = await ConnectedAsync(fixture.Broker);

        await publisher.PublishAsync(
            topic,
            Utf8("body"),
            MqttQos.AtLeastOnce,
            properties: new MqttMessageProperties
            {
                ContentType = "image/jpeg",
                ResponseTopic = "reply/here",
                CorrelationData = Utf8("corr-42"),
                MessageExpiryInterval = 600,
                UserProperties = [new("device", "pi-1")],
            },
            cancellationToken: Token);
        string output = Encoding.UTF8.GetString(await MosquittoTools.ReadToExitAsync(subscriber, WaitTimeout));

        string[] fields = output.Split('|');
        Assert.Equal("image/jpeg", fields[0]);
        Assert.Equal("reply/here", fields[1]);
        Assert.InRange(int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), 590, 600);
        Assert.Equal("device:pi-1", fields[3]);
        Assert.Equal("corr-42", fields[4]);
        Assert.Equal("body", fields[5]);
    }

    [Fact]
    public async Task MosquittoPubV5Properties_ReadByOurSubscriber()
    {
        string topic = _prefix + "pub-props";
        await using MqttClient subscriber = await ConnectedAsync(fixture.Broker);
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce, Token);

        await MosquittoTools.PublishAsync(
            fixture.Broker,
            topic,
            Utf8("hello"),
            "-V", "mqttv5", "-q", "1",
            "-D", "publish", "content-type", "text/plain",
            "-D", "publish", "response-topic", "r/t",
            "-D", "publish", "correlation-data", "abc",
            "-D", "publish", "message-expiry-interval", "120",
            "-D", "publish", "user-property", "k", "v");
        MqttMessage message = await ReceiveAsync(subscriber);

        Assert.NotNull(message.Properties);
        Assert.Equal("text/plain", message.Properties.ContentType);
        Assert.Equal("r/t", message.Properties.ResponseTopic);
        Assert.Equal("abc", Encoding.UTF8.GetString(message.Properties.CorrelationData.Span));
        Assert.InRange(message.Properties.MessageExpiryInterval!.Value, 110u, 120u);
        Assert.Equal([new KeyValuePair<string, string>("k", "v")], message.Properties.UserProperties);
        Assert.Equal("hello", Encoding.UTF8.GetString(message.Payload.Span));
    }
}
