using System.Text.Json;
using Microsoft.Extensions.Options;
using MqttCam.Bridge.Configuration;
using MqttCam.Bridge.Hosting;
using MqttCam.Bridge.Operations;
using MqttCam.Core.Contracts;
using MqttCam.Mqtt;

namespace MqttCam.Bridge.Control;

/// <summary>
/// Device commands over MQTT request/response (<see cref="MqttRequester{TReply}"/>): an MQTT 5 response topic and
/// correlation data, and a "transaction" for 3.1.1 devices, matched on the camera's <c>response</c> topic; counts,
/// logs and turns the outcome into a <see cref="DeviceCommandOutcome"/>.
/// </summary>
public sealed class DeviceCommandClient(MqttClient client, BridgeInstance instance, IOptions<BridgeOptions> options, BridgeMetrics metrics, TimeProvider timeProvider, ILogger<DeviceCommandClient> logger)
{
    private readonly MqttRequester<CommandResponse> _requester = new(
        client,
        message => ReadResponse(message, logger),
        response => response.Transaction is { ValueKind: JsonValueKind.String } transaction ? transaction.GetString() : null);

    /// <summary>Commands awaiting a reply; exposed for tests and metrics.</summary>
    public int PendingCount => _requester.PendingCount;

    /// <summary>Publishes and awaits the reply; <c>correlationId</c> is the correlation data and, in a command payload, the transaction.</summary>
    public async Task<DeviceCommandOutcome> SendAsync(string cameraId, string action, string topic, ReadOnlyMemory<byte> payload, string correlationId, CancellationToken cancellationToken)
    {
        if (!client.IsConnected)
        {
            return new DeviceCommandOutcome(DeviceCommandStatus.NotConnected, null);
        }

        var timeout = TimeSpan.FromSeconds(options.Value.CommandTimeoutSeconds);
        try
        {
            var response = await _requester.RequestAsync(topic, payload, instance.ReplyTopicFor(cameraId), correlationId, timeout, timeProvider, cancellationToken, "application/json", () =>
            {
                metrics.CommandSent();
                logger.CommandSent(action, cameraId, topic);
            }).ConfigureAwait(false);
            return new DeviceCommandOutcome(DeviceCommandStatus.Answered, response);
        }
        catch (TimeoutException)
        {
            metrics.CommandTimedOut();
            logger.CommandTimedOut(cameraId, action, timeout.TotalSeconds);
            return new DeviceCommandOutcome(DeviceCommandStatus.TimedOut, null);
        }
        catch (MqttException)
        {
            return new DeviceCommandOutcome(DeviceCommandStatus.NotConnected, null);
        }
    }

    /// <summary>Matches a message on the reply topic (by correlation data) or a camera's response topic (by transaction).</summary>
    public void HandleResponse(MqttMessage message) => _requester.TryComplete(message);

    private static CommandResponse? ReadResponse(MqttMessage message, ILogger logger)
    {
        try
        {
            return CommandResponse.Parse(message.Payload.Span);
        }
        catch (JsonException ex)
        {
            logger.ResponseUnreadable(message.Topic, ex.Message);
            return null;
        }
    }

    public static string NewCorrelationId() => Guid.NewGuid().ToString("N");
}
