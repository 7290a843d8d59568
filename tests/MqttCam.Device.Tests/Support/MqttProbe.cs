using System.Text;
using System.Text.Json;
using MqttCam.Mqtt;
using MqttCam.Testing.Broker;

namespace MqttCam.Device.Tests.Support;

/// <summary>
/// A test-side MQTT client that records every message it receives and lets a test await the next one that matches,
/// with a timeout. Request/response helpers use MQTT 5 response topics and correlation data, like Node-RED does.
/// </summary>
public sealed class MqttProbe : IAsyncDisposable
{
    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromSeconds(20);

    private readonly MqttClient _client;
    private readonly List<MqttMessage> _received = [];
    private readonly List<(Func<MqttMessage, bool> Match, TaskCompletionSource<MqttMessage> Done)> _waiters = [];
    private readonly Lock _lock = new();
    private readonly Task _pump;
    private readonly string _replyTopic;

    private MqttProbe(MqttClient client, string replyTopic)
    {
        _client = client;
        _replyTopic = replyTopic;
        _pump = Task.Run(PumpAsync);
    }

    public MqttClient Client => _client;

    public static async Task<MqttProbe> ConnectAsync(MosquittoBroker broker, string replyPrefix)
    {
        var client = new MqttClient(new MqttClientOptions { Host = broker.Host, Port = broker.Port });
        await client.ConnectAsync(TestContext.Current.CancellationToken).WaitAsync(s_defaultTimeout, TestContext.Current.CancellationToken);
        var probe = new MqttProbe(client, $"{replyPrefix}/_probe/{Guid.NewGuid():N}");
        await client.SubscribeAsync(probe._replyTopic, MqttQos.AtLeastOnce, TestContext.Current.CancellationToken);
        return probe;
    }

    /// <summary>Waits for the device's "online", which it publishes only after its command subscriptions are in place.</summary>
    public async Task WaitUntilOnlineAsync(Topics.CameraTopics topics)
    {
        await SubscribeAsync(topics.Availability);
        await WaitForTextAsync(topics.Availability, Topics.AvailabilityPayload.Online);
    }

    public Task SubscribeAsync(string filter) => _client.SubscribeAsync(filter, MqttQos.AtLeastOnce, TestContext.Current.CancellationToken);

    /// <summary>The first message already received or still to come that matches.</summary>
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

        return done.Task.WaitAsync(timeout ?? s_defaultTimeout, TestContext.Current.CancellationToken);
    }

    public Task<MqttMessage> NextAsync(string topic, TimeSpan? timeout = null) =>
        WaitForAsync(m => m.Topic == topic, timeout, includeHistory: false);

    public Task<MqttMessage> WaitForTextAsync(string topic, string text, TimeSpan? timeout = null) =>
        WaitForAsync(m => m.Topic == topic && Encoding.UTF8.GetString(m.Payload.Span) == text, timeout);

    public IReadOnlyList<MqttMessage> Received(string topic)
    {
        lock (_lock)
        {
            return _received.Where(m => m.Topic == topic).ToArray();
        }
    }

    /// <summary>Publishes a request with a response topic and correlation data and returns the parsed reply.</summary>
    public async Task<JsonElement> RequestAsync(string topic, string payload, TimeSpan? timeout = null)
    {
        var correlation = Guid.NewGuid().ToByteArray();
        var reply = WaitForAsync(m => m.Topic == _replyTopic && m.Properties?.CorrelationData.Span.SequenceEqual(correlation) == true, timeout, includeHistory: false);
        await _client.PublishAsync(topic, Encoding.UTF8.GetBytes(payload), MqttQos.AtLeastOnce, retain: false, new MqttMessageProperties
        {
            ResponseTopic = _replyTopic,
            CorrelationData = correlation,
        }, TestContext.Current.CancellationToken);
        var message = await reply;
        using var document = JsonDocument.Parse(message.Payload);
        return document.RootElement.Clone();
    }

    public async Task PublishAsync(string topic, string payload) =>
        await _client.PublishAsync(topic, Encoding.UTF8.GetBytes(payload), MqttQos.AtLeastOnce, cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _pump;
    }

    private async Task PumpAsync()
    {
        await foreach (var message in _client.Messages.ReadAllAsync())
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
