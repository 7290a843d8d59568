using System.Text;
using System.Text.Json;
using MqttCam.Mqtt;
using MqttCam.Testing.Broker;
using MqttCam.Core.Topics;
using Xunit;

namespace MqttCam.Testing.Mqtt;

/// <summary>
/// A test-side MQTT client with any credentials and TLS: records every message it receives, lets a test await the
/// next one that matches (with a timeout, never a sleep), and makes MQTT 5 requests with a response topic and
/// correlation data the way Node-RED and the bridge do.
/// </summary>
public sealed class MqttProbe : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly List<MqttMessage> _received = [];
    private readonly List<(Func<MqttMessage, bool> Match, TaskCompletionSource<MqttMessage> Done)> _waiters = [];
    private readonly Lock _lock = new();
    private readonly Task _pump;
    private readonly string? _replyTopic;
    private readonly MqttRequester<MqttMessage> _requester;

    private MqttProbe(MqttClient client, string? replyTopic)
    {
        Client = client;
        _replyTopic = replyTopic;

        // Replies are matched by correlation data only: this probe always sends a response topic.
        _requester = new MqttRequester<MqttMessage>(client, message => message);
        _pump = Task.Run(PumpAsync);
    }

    public MqttClient Client { get; }

    /// <summary>Connects with <paramref name="options"/>; with <paramref name="replyTopic"/>, replies to <see cref="RequestAsync(string, string, TimeSpan?)"/> arrive there.</summary>
    public static async Task<MqttProbe> ConnectAsync(MqttClientOptions options, string? replyTopic = null)
    {
        ArgumentNullException.ThrowIfNull(options);
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

        var probe = new MqttProbe(client, replyTopic);
        if (replyTopic is not null)
        {
            await probe.SubscribeAsync(replyTopic);
        }

        return probe;
    }

    /// <summary>An anonymous probe on <paramref name="broker"/> whose replies come back under <paramref name="replyPrefix"/>.</summary>
    public static Task<MqttProbe> ConnectAsync(MosquittoBroker broker, string replyPrefix)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return ConnectAsync(new MqttClientOptions { Host = broker.Host, Port = broker.Port }, $"{replyPrefix}/_probe/{Guid.NewGuid():N}");
    }

    public Task SubscribeAsync(string filter) => Client.SubscribeAsync(filter, MqttQos.AtLeastOnce, TestContext.Current.CancellationToken);

    /// <summary>Waits for the device's "online", which it publishes only after its command subscriptions are in place.</summary>
    public async Task WaitUntilOnlineAsync(CameraTopics topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        await SubscribeAsync(topics.Availability);
        await WaitForTextAsync(topics.Availability, AvailabilityPayload.Online);
    }

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

    public Task<MqttMessage> NextAsync(string topic, TimeSpan? timeout = null) =>
        WaitForAsync(m => m.Topic == topic, timeout, includeHistory: false);

    public Task<MqttMessage> WaitForTextAsync(string topic, string text, TimeSpan? timeout = null) =>
        WaitForAsync(m => m.Topic == topic && Encoding.UTF8.GetString(m.Payload.Span) == text, timeout);

    public IReadOnlyList<MqttMessage> Received(string topic) => ReceivedWhere(m => m.Topic == topic);

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

    /// <summary>
    /// A request whose reply comes back to this probe under the camera's response tree
    /// (<c>&lt;prefix&gt;/&lt;id&gt;/response/_probe/&lt;probe&gt;</c>): the only response topics a device answers on.
    /// </summary>
    public async Task<JsonElement> RequestAsync(string topic, string payload, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(topic);
        string probeName = _replyTopic?[(_replyTopic.LastIndexOf('/') + 1)..] ?? throw new InvalidOperationException("This probe was connected without a reply topic.");
        string[] levels = topic.Split('/');
        int request = Array.FindLastIndex(levels, l => l is "command" or "set");
        if (request < 1)
        {
            throw new ArgumentException($"'{topic}' is not a camera's command or set topic.", nameof(topic));
        }

        string responseTopic = string.Join('/', levels[..request]) + "/response/_probe/" + probeName;
        return await RequestAsync(topic, payload, responseTopic, timeout);
    }

    /// <summary>A request with an explicit response topic (subscribed first), e.g. one a locked-down broker allows.</summary>
    public async Task<JsonElement> RequestAsync(string topic, string payload, string responseTopic, TimeSpan? timeout = null)
    {
        await SubscribeAsync(responseTopic);
        return await RequestCoreAsync(topic, payload, responseTopic, timeout);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _pump;
    }

    private async Task<JsonElement> RequestCoreAsync(string topic, string payload, string responseTopic, TimeSpan? timeout)
    {
        var message = await _requester.RequestAsync(
            topic, Encoding.UTF8.GetBytes(payload), responseTopic, Guid.NewGuid().ToString("N"), timeout ?? DefaultTimeout, TimeProvider.System, TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(message.Payload);
        return document.RootElement.Clone();
    }

    private async Task PumpAsync()
    {
        await foreach (var message in Client.Messages.ReadAllAsync())
        {
            _requester.TryComplete(message);
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
