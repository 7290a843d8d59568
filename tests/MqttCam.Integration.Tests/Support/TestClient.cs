using System.Text;
using System.Text.Json;
using MqttCam.Mqtt;

namespace MqttCam.Integration.Tests.Support;

/// <summary>
/// A test-side MQTT client with any credentials and TLS: records every message, awaits the next match with a timeout,
/// and makes MQTT 5 requests (response topic + correlation data) the way Node-RED and the bridge do.
/// </summary>
public sealed class TestClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly List<MqttMessage> _received = [];
    private readonly List<(Func<MqttMessage, bool> Match, TaskCompletionSource<MqttMessage> Done)> _waiters = [];
    private readonly Lock _lock = new();
    private readonly Task _pump;

    private TestClient(MqttClient client)
    {
        Client = client;
        _pump = Task.Run(PumpAsync);
    }

    public MqttClient Client { get; }

    public static async Task<TestClient> ConnectAsync(MqttClientOptions options)
    {
        var client = new MqttClient(options);
        try
        {
            await client.ConnectAsync(TestContext.Current.CancellationToken).WaitAsync(DefaultTimeout, TestContext.Current.CancellationToken);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }

        return new TestClient(client);
    }

    public Task SubscribeAsync(string filter) => Client.SubscribeAsync(filter, MqttQos.AtLeastOnce, TestContext.Current.CancellationToken);

    /// <summary>The first message already received (unless <paramref name="includeHistory"/> is false) or still to come that matches.</summary>
    public Task<MqttMessage> WaitForAsync(Func<MqttMessage, bool> match, TimeSpan? timeout = null, bool includeHistory = true)
    {
        var done = new TaskCompletionSource<MqttMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            var existing = includeHistory ? _received.FirstOrDefault(match) : null;
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }

            _waiters.Add((match, done));
        }

        return done.Task.WaitAsync(timeout ?? DefaultTimeout, TestContext.Current.CancellationToken);
    }

    public Task<MqttMessage> WaitForTextAsync(string topic, string text, TimeSpan? timeout = null) =>
        WaitForAsync(m => m.Topic == topic && Encoding.UTF8.GetString(m.Payload.Span) == text, timeout);

    public IReadOnlyList<MqttMessage> Received(string topic)
    {
        lock (_lock)
        {
            return _received.Where(m => m.Topic == topic).ToArray();
        }
    }

    public IReadOnlyList<MqttMessage> ReceivedWhere(Func<MqttMessage, bool> match)
    {
        lock (_lock)
        {
            return _received.Where(match).ToArray();
        }
    }

    public Task PublishAsync(string topic, string payload, bool retain = false) =>
        PublishAsync(topic, Encoding.UTF8.GetBytes(payload), retain);

    public async Task PublishAsync(string topic, byte[] payload, bool retain = false) =>
        await Client.PublishAsync(topic, payload, MqttQos.AtLeastOnce, retain, cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Publishes with a response topic and correlation data (subscribed first) and returns the parsed reply.</summary>
    public async Task<JsonElement> RequestAsync(string topic, string payload, string responseTopic, TimeSpan? timeout = null)
    {
        await SubscribeAsync(responseTopic);
        var correlation = Guid.NewGuid().ToByteArray();
        var reply = WaitForAsync(m => m.Topic == responseTopic && m.Properties?.CorrelationData.Span.SequenceEqual(correlation) == true, timeout, includeHistory: false);
        await Client.PublishAsync(topic, Encoding.UTF8.GetBytes(payload), MqttQos.AtLeastOnce, retain: false, new MqttMessageProperties
        {
            ResponseTopic = responseTopic,
            CorrelationData = correlation,
        }, TestContext.Current.CancellationToken);
        var message = await reply;
        using var document = JsonDocument.Parse(message.Payload);
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _pump;
    }

    private async Task PumpAsync()
    {
        await foreach (var message in Client.Messages.ReadAllAsync())
        {
            lock (_lock)
            {
                _received.Add(message);
                for (var i = _waiters.Count - 1; i >= 0; i--)
                {
                    if (_waiters[i].Match(message))
                    {
                        _waiters[i].Done.TrySetResult(message);
                        _waiters.RemoveAt(i);
                    }
                }
            }
        }
    }
}
