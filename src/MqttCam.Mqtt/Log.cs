using Microsoft.Extensions.Logging;

namespace MqttCam.Mqtt;

/// <summary>
/// The MQTT client's log events, ids 200-229. One row per event: id, name, level, message, then the
/// <see cref="ILogger"/> extension it generates (docs/architecture.md, "One logging style").
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 200, EventName = "MqttConnected", Level = LogLevel.Information, Message = "Connected to MQTT broker {Host}:{Port} as {ClientId} (protocol {Protocol})")] internal static partial void Connected(this ILogger logger, string host, int port, string clientId, MqttProtocolVersion protocol);

    [LoggerMessage(EventId = 201, EventName = "MqttConnectionLost", Level = LogLevel.Warning, Message = "Connection to MQTT broker {Host}:{Port} lost: {Reason}")] internal static partial void ConnectionLost(this ILogger logger, string host, int port, string reason);

    [LoggerMessage(EventId = 202, EventName = "MqttConnectAttemptFailed", Level = LogLevel.Warning, Message = "Cannot reach MQTT broker {Host}:{Port}: {Reason}; retrying in {Delay}")] internal static partial void ConnectAttemptFailed(this ILogger logger, string host, int port, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 203, EventName = "MqttConnectionRefused", Level = LogLevel.Error, Message = "MQTT broker {Host}:{Port} refused the connection: {Reason} (code {Code})")] internal static partial void ConnectionRefused(this ILogger logger, string host, int port, string reason, int code);

    [LoggerMessage(EventId = 204, EventName = "MqttSubscriptionRefused", Level = LogLevel.Error, Message = "MQTT broker refused subscription to {TopicFilter} (code {Code})")] internal static partial void SubscriptionRefused(this ILogger logger, string topicFilter, int code);

    [LoggerMessage(EventId = 205, EventName = "MqttCallbackFailed", Level = LogLevel.Error, Message = "MQTT {Callback} callback failed; the event was dropped")] internal static partial void CallbackFailed(this ILogger logger, string callback, Exception exception);

    [LoggerMessage(EventId = 206, EventName = "MqttStateHandlerFailed", Level = LogLevel.Error, Message = "A ConnectionStateChanged handler threw")] internal static partial void StateHandlerFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 207, EventName = "MqttLoopStopTimeout", Level = LogLevel.Error, Message = "The MQTT network thread did not stop within {Timeout}; the native client is leaked rather than destroyed under it")] internal static partial void LoopStopTimeout(this ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 208, EventName = "MqttPublishFailed", Level = LogLevel.Warning, Message = "MQTT broker rejected publish (mid {Mid}) with reason code {Code}")] internal static partial void PublishRejectedByBroker(this ILogger logger, int mid, int code);

    [LoggerMessage(EventId = 209, EventName = "MqttResubscribeFailed", Level = LogLevel.Error, Message = "Re-subscribing to {TopicFilter} after reconnect failed: {Reason}")] internal static partial void ResubscribeFailed(this ILogger logger, string topicFilter, string reason);

    [LoggerMessage(EventId = 210, EventName = "MqttLinkSilent", Level = LogLevel.Warning, Message = "Nothing received from MQTT broker {Host}:{Port} for {Silence}; dropping the connection to reconnect")] internal static partial void LinkSilent(this ILogger logger, string host, int port, TimeSpan silence);
}
