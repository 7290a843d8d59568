using static MqttCam.Mqtt.Tests.Support.TestClients;

namespace MqttCam.Mqtt.Tests;

/// <summary>Bad arguments fail fast with clear messages, before anything reaches the network.</summary>
public sealed class MqttClientArgumentTests : IAsyncLifetime
{
    private readonly MqttClient _client = new(new MqttClientOptions { Host = "127.0.0.1", Port = 1 });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    [Theory]
    [InlineData("camera/+/frame")]
    [InlineData("camera/#")]
    [InlineData("#")]
    public void TryPublish_WildcardInTopic_ThrowsArgumentExceptionNamingTheTopic(string topic)
    {
        var error = Assert.Throws<ArgumentException>(() => _client.TryPublish(topic, Utf8("x")));
        Assert.Equal("topic", error.ParamName);
        Assert.Contains(topic, error.Message, StringComparison.Ordinal);
        Assert.Contains("wildcards", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_NullOrEmptyTopic_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await _client.PublishAsync(null!, Utf8("x"), cancellationToken: Token));
        await Assert.ThrowsAsync<ArgumentException>(async () => await _client.PublishAsync(string.Empty, Utf8("x"), cancellationToken: Token));
    }

    [Fact]
    public async Task PublishAsync_QosOutOfRange_ThrowsArgumentOutOfRange()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await _client.PublishAsync("a/b", Utf8("x"), (MqttQos)3, cancellationToken: Token));
        Assert.Contains("QoS must be 0, 1 or 2", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => _client.TryPublish("a/b", Utf8("x"), (MqttQos)(-1)));
    }

    [Fact]
    public void TryPublish_PayloadOverMqttLimit_ThrowsArgumentOutOfRange()
    {
        // Uninitialised: the pages are never touched, so this costs address space, not memory.
        byte[] oversized = GC.AllocateUninitializedArray<byte>(268_435_456);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _client.TryPublish("a/b", oversized));
        Assert.Equal("payload", error.ParamName);
        Assert.Contains("268,435,455", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryPublish_CorrelationDataTooLong_ThrowsArgumentException()
    {
        var properties = new MqttMessageProperties { CorrelationData = new byte[70_000] };
        var error = Assert.Throws<ArgumentException>(() => _client.TryPublish("a/b", Utf8("x"), properties: properties));
        Assert.Contains("CorrelationData", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryPublish_NotStarted_ReturnsNotConnectedAndCounts()
    {
        Assert.Equal(MqttPublishResult.NotConnected, _client.TryPublish("a/b", Utf8("x"), MqttQos.AtLeastOnce));
        Assert.Equal(1, _client.Statistics.PublishesRejected);
    }

    [Theory]
    [InlineData("a/#/b")]
    [InlineData("a/b#")]
    [InlineData("a+/b")]
    public async Task SubscribeAsync_InvalidFilter_ThrowsArgumentException(string filter)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _client.SubscribeAsync(filter, cancellationToken: Token));
        Assert.Equal("topicFilter", error.ParamName);
        Assert.Contains("topic filter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscribeAsync_QosOutOfRange_ThrowsArgumentOutOfRange()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _client.SubscribeAsync("a/+", (MqttQos)7, Token));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowClearErrors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MqttClient(new MqttClientOptions { Port = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MqttClient(new MqttClientOptions { KeepAlive = TimeSpan.FromSeconds(1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MqttClient(new MqttClientOptions { MaxPendingPublishes = 0 }));
        Assert.Throws<ArgumentException>(() => new MqttClient(new MqttClientOptions { Host = " " }));
        Assert.Throws<ArgumentException>(() => new MqttClient(new MqttClientOptions { Will = new MqttLastWill { Topic = "dead/#" } }));
        Assert.Throws<ArgumentException>(() => new MqttClient(new MqttClientOptions { Tls = new MqttTlsOptions { CertFile = "c.pem" } }));
    }

    [Fact]
    public void ClientId_DefaultsToUniqueMqttcamId()
    {
        string first = new MqttClientOptions().ClientId;
        string second = new MqttClientOptions().ClientId;
        Assert.StartsWith("mqttcam-", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
    }
}
