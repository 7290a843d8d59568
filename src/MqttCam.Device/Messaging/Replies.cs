using System.Text.Json;
using Microsoft.Extensions.Logging;
using MqttCam.Core.Contracts;
using MqttCam.Device.Hosting;
using MqttCam.Mqtt;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Messaging;

/// <summary>
/// Answers requests: on the <c>response</c> topic always and, for MQTT 5 requesters, on their response topic with
/// their correlation data. The device publishes with its own rights, so a requester may name only a topic under
/// the camera's response tree (never e.g. its availability or image: a confused deputy).
/// </summary>
public sealed class Replies(MqttClient client, CameraTopics topics, BackgroundWork background, ILogger<Replies> logger)
{
    /// <summary>
    /// Tracked, not awaited: a QoS 1 publish made while the broker is away completes only after reconnect, and the
    /// message loop must not stall behind it.
    /// </summary>
    public void Reply(MqttMessage request, CommandResponse response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var bytes = response.ToUtf8Json();
        background.Run(_ => PublishAsync(topics.Response, bytes, null));
        if (request.Properties?.ResponseTopic is { Length: > 0 } responseTopic && IsResponseTreeTopic(responseTopic))
        {
            var correlation = request.Properties.CorrelationData;
            background.Run(_ => PublishAsync(responseTopic, bytes, correlation));
        }
    }

    public Task Refuse(MqttMessage request, string? action, string error, JsonElement? transaction)
    {
        ArgumentNullException.ThrowIfNull(request);
        logger.CommandRefused(action ?? "command", request.Topic, error);
        Reply(request, CommandResponse.Failure(action, error, transaction));
        return Task.CompletedTask;
    }

    /// <summary>Wraps a request handler so a request naming a response topic outside the response tree is refused first.</summary>
    public Func<MqttMessage, CancellationToken, Task> Guarded(Func<MqttMessage, CancellationToken, Task> handler) =>
        (message, cancellationToken) => RefuseForeignResponseTopic(message) ?? handler(message, cancellationToken);

    /// <inheritdoc cref="Guarded(Func{MqttMessage, CancellationToken, Task})"/>
    public Func<MqttMessage, string, CancellationToken, Task> Guarded(Func<MqttMessage, string, CancellationToken, Task> handler) =>
        (message, level, cancellationToken) => RefuseForeignResponseTopic(message) ?? handler(message, level, cancellationToken);

    private Task? RefuseForeignResponseTopic(MqttMessage message) =>
        message.Properties?.ResponseTopic is { Length: > 0 } responseTopic && !IsResponseTreeTopic(responseTopic)
            ? Refuse(message, null, $"response topic '{responseTopic}' is not under {topics.Response}/; replies go only there", null)
            : null;

    private bool IsResponseTreeTopic(string topic) =>
        topic.Length > topics.Response.Length + 1
        && topic.StartsWith(topics.Response, StringComparison.Ordinal)
        && topic[topics.Response.Length] == '/'
        && !topic.Contains('+', StringComparison.Ordinal) && !topic.Contains('#', StringComparison.Ordinal);

    private async Task PublishAsync(string topic, byte[] payload, ReadOnlyMemory<byte>? correlation)
    {
        try
        {
            var properties = new MqttMessageProperties
            {
                ContentType = "application/json",
                CorrelationData = correlation ?? ReadOnlyMemory<byte>.Empty,
            };
            await client.PublishAsync(topic, payload, MqttQos.AtLeastOnce, retain: false, properties).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MqttException or ArgumentException or ObjectDisposedException)
        {
            logger.ReplyFailed(topic, ex.Message);
        }
    }
}
