using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MqttCam.Mqtt.Internal;
using MqttCam.Mqtt.Interop;

namespace MqttCam.Mqtt;

/// <summary>
/// Native callbacks. They run on the network thread; an exception escaping an [UnmanagedCallersOnly] method aborts the
/// process, so every entry point catches everything.
/// </summary>
public sealed partial class MqttClient
{
    private static MqttClient? FromUserData(nint obj)
    {
        if (obj == 0)
        {
            return null;
        }

        var handle = GCHandle.FromIntPtr(obj);
        return handle.IsAllocated ? handle.Target as MqttClient : null;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnConnectCallback(nint mosq, nint obj, int rc, int flags, nint properties)
    {
        try
        {
            FromUserData(obj)?.HandleConnect(rc);
        }
        catch
        {
            // Never let an exception cross into native code.
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDisconnectCallback(nint mosq, nint obj, int rc, nint properties)
    {
        try
        {
            FromUserData(obj)?.HandleDisconnect(rc);
        }
        catch
        {
            // Never let an exception cross into native code.
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnPublishCallback(nint mosq, nint obj, int mid, int reasonCode, nint properties)
    {
        try
        {
            FromUserData(obj)?.HandlePublished(mid, reasonCode);
        }
        catch
        {
            // Never let an exception cross into native code.
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe void OnMessageCallback(nint mosq, nint obj, MosquittoMessage* message, nint properties)
    {
        try
        {
            FromUserData(obj)?.HandleMessage(message, properties);
        }
        catch
        {
            // Never let an exception cross into native code.
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe void OnSubscribeCallback(nint mosq, nint obj, int mid, int qosCount, int* grantedQos, nint properties)
    {
        try
        {
            int granted = qosCount > 0 && grantedQos is not null ? grantedQos[0] : 0;
            FromUserData(obj)?.HandleAck(mid, granted >= 0x80 ? granted : 0);
        }
        catch
        {
            // Never let an exception cross into native code.
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnUnsubscribeCallback(nint mosq, nint obj, int mid, nint properties)
    {
        try
        {
            FromUserData(obj)?.HandleAck(mid, 0);
        }
        catch
        {
            // Never let an exception cross into native code.
        }
    }

    private unsafe void HandleConnect(int rc)
    {
        if (_disposed)
        {
            return;
        }

        if (rc != 0)
        {
            string reason = Options.ProtocolVersion == MqttProtocolVersion.V5
                ? Mosquitto.PtrToString(Mosquitto.mosquitto_reason_string(rc)) ?? "refused"
                : Mosquitto.PtrToString(Mosquitto.mosquitto_connack_string(rc)) ?? "refused";
            _logger.ConnectionRefused(Options.Host, Options.Port, reason, rc);
            lock (_sync)
            {
                // Refusal (credentials, authorisation) is reported to waiters, not silently retried under them.
                _connected.TrySetException(new MqttException(rc, $"MQTT broker {Options.Host}:{Options.Port} refused the connection: {reason} (code {rc})"));
                _connected = NewSignal();
            }

            return;
        }

        bool reconnect;
        lock (_sync)
        {
            // Clean session: the broker forgot our subscriptions, so they are re-issued here, under the lock and before
            // the state says Connected. A SubscribeAsync racing this is either among them or sees Connected and sends
            // its own SUBSCRIBE, never neither; and a publish can only be queued after them, so the broker has taken
            // the subscriptions before it sees anything this client publishes (a bridge receives its own republished
            // frames).
            foreach ((string filter, MqttQos qos) in _subscriptions)
            {
                int mid;
                int subscribeRc = Mosquitto.mosquitto_subscribe_v5(_handle, &mid, filter, (int)qos, 0, 0);
                if (subscribeRc != MosquittoConstants.MOSQ_ERR_SUCCESS)
                {
                    _logger.ResubscribeFailed(filter, MqttException.Describe(subscribeRc));
                }
            }

            reconnect = _everConnected;
            _everConnected = true;
            SetState(MqttConnectionState.Connected, 0, null);
        }

        if (reconnect)
        {
            Statistics.OnReconnected();
        }

        _logger.Connected(Options.Host, Options.Port, Options.ClientId, Options.ProtocolVersion);
        lock (_sync)
        {
            _connected.TrySetResult();
        }
    }

    private void HandleDisconnect(int rc)
    {
        if (_disposed)
        {
            return;
        }

        lock (_sync)
        {
            if (_connected.Task.IsCompleted)
            {
                _connected = NewSignal();
            }

            // Subscriptions are remembered and re-issued on reconnect, so their waiters are done.
            foreach ((string _, TaskCompletionSource completion) in _pendingAcks.Values)
            {
                completion.TrySetResult();
            }

            _pendingAcks.Clear();
        }

        if (_linkSilent)
        {
            rc = MosquittoConstants.MOSQ_ERR_KEEPALIVE;
        }

        FailUnwrittenQos0(rc);
        string? reason = rc switch
        {
            0 => null,
            MosquittoConstants.MOSQ_ERR_KEEPALIVE => $"keepalive timeout: nothing received from the broker for {_silenceLimit.TotalSeconds:0.#} s",
            _ => MqttException.Describe(rc),
        };
        SetState(_stopping.IsCancellationRequested ? MqttConnectionState.Disconnected : MqttConnectionState.Connecting, rc, reason);
    }

    private void HandlePublished(int mid, int reasonCode)
    {
        lock (_sync)
        {
            if (!_pending.Remove(mid, out PendingPublish pending))
            {
                return;
            }

            ReleaseWindowLocked(pending.Length);
            if (reasonCode >= 0x80)
            {
                _logger.PublishRejectedByBroker(mid, reasonCode);
                pending.Completion?.TrySetException(new MqttException(reasonCode, $"The broker rejected the publish: reason code 0x{reasonCode:X2}"));
                return;
            }

            Statistics.OnPublished(pending.Length);
            pending.Completion?.TrySetResult();
        }
    }

    private void HandleAck(int mid, int failureCode)
    {
        lock (_sync)
        {
            if (!_pendingAcks.Remove(mid, out (string Filter, TaskCompletionSource Completion) ack))
            {
                if (failureCode != 0)
                {
                    _logger.SubscriptionRefused("(re-subscription)", failureCode);
                }

                return;
            }

            if (failureCode != 0)
            {
                _subscriptions.Remove(ack.Filter);
                _logger.SubscriptionRefused(ack.Filter, failureCode);
                ack.Completion.TrySetException(new MqttException(failureCode, $"The broker refused the subscription to '{ack.Filter}' (code 0x{failureCode:X2})."));
            }
            else
            {
                ack.Completion.TrySetResult();
            }
        }
    }

    private unsafe void HandleMessage(MosquittoMessage* message, nint properties)
    {
        if (_disposed || message is null)
        {
            return;
        }

        try
        {
            string topic = _topicCache.GetOrAdd(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(message->topic));
            int length = Math.Max(message->payloadlen, 0);

            // The native payload is freed when the callback returns: copy once, exact size, without zeroing first.
            byte[] payload = length == 0 ? [] : GC.AllocateUninitializedArray<byte>(length);
            new ReadOnlySpan<byte>(message->payload, length).CopyTo(payload);
            var received = new MqttMessage
            {
                Topic = topic,
                Payload = payload,
                Qos = (MqttQos)message->qos,
                Retain = message->retain != 0,
                Properties = MqttPropertyList.Read(properties),
            };
            Statistics.OnReceived(length);
            _messages.Writer.TryWrite(received);
        }
        catch (Exception ex)
        {
            _logger.CallbackFailed("message", ex);
        }
    }
}
