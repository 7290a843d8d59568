using System.Collections.Concurrent;
using System.Text;

namespace MqttCam.Mqtt;

/// <summary>
/// MQTT request/response, the one implementation the bridge, the CLI and the tests share: publishes a request with an
/// MQTT 5 response topic and correlation data and awaits the reply that carries the same correlation data, or, for a
/// reply without it (an MQTT 3.1.1 peer), the one whose <paramref name="fallbackKey"/> (for MqttCam, the JSON
/// <c>transaction</c>) equals the correlation id. The owner of the subscription hands every candidate reply to
/// <see cref="TryComplete"/>; a reply nobody waits for is ignored.
/// </summary>
/// <typeparam name="TReply">The parsed reply.</typeparam>
/// <param name="client">The connected client that publishes the requests.</param>
/// <param name="parse">Parses a reply; null for an unreadable one (which then completes nothing).</param>
/// <param name="fallbackKey">The correlation id inside a reply that carries no correlation data; null: none.</param>
public sealed class MqttRequester<TReply>(MqttClient client, Func<MqttMessage, TReply?> parse, Func<TReply, string?>? fallbackKey = null)
    where TReply : class
{
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    /// <summary>Requests awaiting a reply.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>
    /// Publishes <paramref name="payload"/> (QoS 1, not retained) and awaits its reply. With a
    /// <paramref name="responseTopic"/> the request carries it and <paramref name="correlationId"/> as correlation
    /// data; without one it carries no MQTT 5 properties and only the fallback key can match the reply. The timeout
    /// starts once the request is published, which is when <paramref name="published"/> runs.
    /// </summary>
    /// <exception cref="TimeoutException">No reply within <paramref name="timeout"/>.</exception>
    /// <exception cref="MqttException">The request could not be published.</exception>
    public async Task<TReply> RequestAsync(
        string topic,
        ReadOnlyMemory<byte> payload,
        string? responseTopic,
        string correlationId,
        TimeSpan timeout,
        TimeProvider timeProvider,
        CancellationToken cancellationToken,
        string? contentType = null,
        Action? published = null)
    {
        ArgumentNullException.ThrowIfNull(correlationId);
        var reply = new TaskCompletionSource<TReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(correlationId, new Pending(reply, topic, responseTopic)))
        {
            throw new ArgumentException($"a request with correlation id '{correlationId}' is already waiting", nameof(correlationId));
        }

        try
        {
            var properties = responseTopic is null ? null : new MqttMessageProperties
            {
                ContentType = contentType,
                ResponseTopic = responseTopic,
                CorrelationData = Encoding.UTF8.GetBytes(correlationId),
            };
            await client.PublishAsync(topic, payload, MqttQos.AtLeastOnce, retain: false, properties, cancellationToken).ConfigureAwait(false);
            published?.Invoke();
            return await reply.Task.WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(correlationId, out _);
        }
    }

    /// <summary>Completes the request <paramref name="message"/> answers; false when it answers none.</summary>
    public bool TryComplete(MqttMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_pending.IsEmpty || parse(message) is not { } reply)
        {
            return false;
        }

        var correlated = message.Properties is { CorrelationData.IsEmpty: false };
        var key = correlated
            ? Encoding.UTF8.GetString(message.Properties!.CorrelationData.Span)
            : fallbackKey?.Invoke(reply);

        // A subscriber that also sees the request topic gets its own request back, with the same correlation data (and
        // transaction): a correlated reply must arrive on the response topic asked for, a fallback one anywhere but on
        // the request topic (a 3.1.1 device answers on its plain response topic).
        return key is not null
            && _pending.TryGetValue(key, out var waiter)
            && message.Topic != waiter.RequestTopic
            && (!correlated || waiter.ResponseTopic is null || message.Topic == waiter.ResponseTopic)
            && waiter.Reply.TrySetResult(reply);
    }

    private sealed record Pending(TaskCompletionSource<TReply> Reply, string RequestTopic, string? ResponseTopic);
}
