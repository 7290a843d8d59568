using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MqttCam.Bridge.Configuration;
using MqttCam.Bridge.Metrics;
using MqttCam.Contracts;
using MqttCam.Mqtt;

namespace MqttCam.Bridge.Mqtt;

/// <summary>
/// Request/response over MQTT: publishes a device command with an MQTT 5 response topic and correlation data (and a
/// "transaction" for 3.1.1 devices, matched on the camera's <c>response</c> topic) and awaits the reply with a timeout.
/// </summary>
public sealed class DeviceCommandClient
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<CommandResponse>> _pending = new(StringComparer.Ordinal);
    private readonly MqttClient _client;
    private readonly BridgeInstance _instance;
    private readonly IOptions<BridgeOptions> _options;
    private readonly BridgeMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DeviceCommandClient> _logger;

    public DeviceCommandClient(MqttClient client, BridgeInstance instance, IOptions<BridgeOptions> options, BridgeMetrics metrics, TimeProvider timeProvider, ILogger<DeviceCommandClient> logger)
    {
        _client = client;
        _instance = instance;
        _options = options;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Commands awaiting a reply; exposed for tests and metrics.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Publishes and awaits the reply; <c>correlationId</c> is the correlation data and, in a command payload, the transaction.</summary>
    public async Task<DeviceCommandOutcome> SendAsync(string cameraId, string action, string topic, ReadOnlyMemory<byte> payload, string correlationId, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return new DeviceCommandOutcome(DeviceCommandStatus.NotConnected, null);
        }

        var reply = new TaskCompletionSource<CommandResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[correlationId] = reply;
        try
        {
            var properties = new MqttMessageProperties
            {
                ContentType = "application/json",
                ResponseTopic = _instance.ReplyTopicFor(cameraId),
                CorrelationData = System.Text.Encoding.UTF8.GetBytes(correlationId),
            };
            await _client.PublishAsync(topic, payload, MqttQos.AtLeastOnce, retain: false, properties, cancellationToken).ConfigureAwait(false);
            _metrics.CommandSent();
            _logger.CommandSent(action, cameraId, topic);

            var timeout = TimeSpan.FromSeconds(_options.Value.CommandTimeoutSeconds);
            try
            {
                var response = await reply.Task.WaitAsync(timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
                return new DeviceCommandOutcome(DeviceCommandStatus.Answered, response);
            }
            catch (TimeoutException)
            {
                _metrics.CommandTimedOut();
                _logger.CommandTimedOut(cameraId, action, timeout.TotalSeconds);
                return new DeviceCommandOutcome(DeviceCommandStatus.TimedOut, null);
            }
        }
        catch (MqttException)
        {
            return new DeviceCommandOutcome(DeviceCommandStatus.NotConnected, null);
        }
        finally
        {
            _pending.TryRemove(correlationId, out _);
        }
    }

    /// <summary>Matches a message on the reply topic (by correlation data) or a camera's response topic (by transaction).</summary>
    public void HandleResponse(MqttMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_pending.IsEmpty)
        {
            return;
        }

        CommandResponse response;
        try
        {
            response = CommandResponse.Parse(message.Payload.Span);
        }
        catch (JsonException ex)
        {
            _logger.ResponseUnreadable(message.Topic, ex.Message);
            return;
        }

        string? key = null;
        if (message.Properties is { CorrelationData.IsEmpty: false } properties)
        {
            key = System.Text.Encoding.UTF8.GetString(properties.CorrelationData.Span);
        }
        else if (response.Transaction is { ValueKind: JsonValueKind.String } transaction)
        {
            key = transaction.GetString();
        }

        if (key is not null && _pending.TryGetValue(key, out var waiter))
        {
            waiter.TrySetResult(response);
        }
    }

    public static string NewCorrelationId() => Guid.NewGuid().ToString("N");
}
