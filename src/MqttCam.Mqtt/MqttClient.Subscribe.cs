using MqttCam.Mqtt.Interop;

namespace MqttCam.Mqtt;

public sealed partial class MqttClient
{
    /// <summary>
    /// Remembers the subscription (re-issued on every reconnect) and, when connected, waits for the SUBACK.
    /// Throws <see cref="MqttException"/> when the broker refuses it.
    /// </summary>
    public Task SubscribeAsync(string topicFilter, MqttQos qos = MqttQos.AtMostOnce, CancellationToken cancellationToken = default)
    {
        ValidateTopicFilter(topicFilter);
        ValidateQos(qos, nameof(qos));
        return SendSubscriptionChangeAsync(topicFilter, qos, subscribe: true, cancellationToken);
    }

    /// <summary>Forgets the subscription and, when connected, waits for the UNSUBACK.</summary>
    public Task UnsubscribeAsync(string topicFilter, CancellationToken cancellationToken = default)
    {
        ValidateTopicFilter(topicFilter);
        return SendSubscriptionChangeAsync(topicFilter, MqttQos.AtMostOnce, subscribe: false, cancellationToken);
    }

    private unsafe Task SendSubscriptionChangeAsync(string topicFilter, MqttQos qos, bool subscribe, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource completion;
        lock (_sync)
        {
            if (subscribe)
            {
                _subscriptions[topicFilter] = qos;
            }
            else
            {
                _subscriptions.Remove(topicFilter);
            }

            if (_state != MqttConnectionState.Connected)
            {
                // Issued by the connect callback (subscribe) or forgotten with the clean session (unsubscribe).
                return Task.CompletedTask;
            }

            int mid;
            int rc = subscribe
                ? Mosquitto.mosquitto_subscribe_v5(_handle, &mid, topicFilter, (int)qos, 0, 0)
                : Mosquitto.mosquitto_unsubscribe_v5(_handle, &mid, topicFilter, 0);
            if (rc == MosquittoConstants.MOSQ_ERR_NO_CONN)
            {
                return Task.CompletedTask;
            }

            if (rc != MosquittoConstants.MOSQ_ERR_SUCCESS)
            {
                throw MqttException.FromErrorCode(rc, (subscribe ? "Cannot subscribe to '" : "Cannot unsubscribe from '") + topicFilter + "'");
            }

            completion = NewSignal();
            _pendingAcks[mid] = (topicFilter, completion);
        }

        return completion.Task.WaitAsync(cancellationToken);
    }

    private static void ValidateTopicFilter(string topicFilter)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicFilter);
        if (Mosquitto.mosquitto_sub_topic_check(topicFilter) != MosquittoConstants.MOSQ_ERR_SUCCESS)
        {
            throw new ArgumentException(
                $"'{topicFilter}' is not a valid MQTT topic filter: '#' must be last and alone in its level, '+' must fill a whole level.",
                nameof(topicFilter));
        }
    }
}
