using System.Runtime.InteropServices;
using MqttCam.Mqtt.Internal;
using MqttCam.Mqtt.Interop;

namespace MqttCam.Mqtt;

public sealed partial class MqttClient
{
    /// <summary>
    /// Waits for room in the pending window, hands the message to libmosquitto and completes when it was written (QoS 0)
    /// or acknowledged (QoS 1/2). QoS 0 while disconnected throws; QoS 1/2 while disconnected stays queued and completes
    /// after the reconnect (libmosquitto resends it once; it is never re-submitted here). Cancellation only stops the wait.
    /// Order is kept for publishes awaited one after another; calls left running concurrently may be handed over in any
    /// order once the window is full.
    /// </summary>
    public async ValueTask PublishAsync(
        string topic,
        ReadOnlyMemory<byte> payload,
        MqttQos qos = MqttQos.AtMostOnce,
        bool retain = false,
        MqttMessageProperties? properties = null,
        CancellationToken cancellationToken = default)
    {
        ValidatePublish(topic, payload, qos, properties);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (qos == MqttQos.AtMostOnce && !IsConnected)
        {
            throw new MqttException(MosquittoConstants.MOSQ_ERR_NO_CONN, $"Cannot publish QoS 0 message to '{topic}': the client is not connected.");
        }

        while (true)
        {
            Task freed;
            lock (_sync)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (HasRoomLocked(payload.Length))
                {
                    ReserveWindowLocked(payload.Length);
                    break;
                }

                _windowFreed ??= NewSignal();
                freed = _windowFreed.Task;
            }

            await freed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var completion = NewSignal();
        HandOff(topic, payload, qos, retain, properties, prepared: null, completion, out int rc, out int errno);
        if (!IsAccepted(rc, qos))
        {
            throw MqttException.FromErrorCode(rc, $"Cannot publish to '{topic}'", errno);
        }

        await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Never waits: for live frames, where dropping beats queueing stale data. Allocates nothing per call beyond libmosquitto's copy.</summary>
    public MqttPublishResult TryPublish(
        string topic,
        ReadOnlyMemory<byte> payload,
        MqttQos qos = MqttQos.AtMostOnce,
        bool retain = false,
        MqttMessageProperties? properties = null)
    {
        ValidatePublish(topic, payload, qos, properties);
        return TryPublishValidated(topic, payload, qos, retain, properties, null);
    }

    /// <summary>
    /// Like <see cref="TryPublish(string, ReadOnlyMemory{byte}, MqttQos, bool, MqttMessageProperties)"/> with reusable
    /// properties: with these a publish allocates no managed memory at all (the per-frame path).
    /// </summary>
    public MqttPublishResult TryPublish(string topic, ReadOnlyMemory<byte> payload, MqttQos qos, bool retain, MqttPublishProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        ValidatePublish(topic, payload, qos, null);
        return TryPublishValidated(topic, payload, qos, retain, null, properties);
    }

    private MqttPublishResult TryPublishValidated(
        string topic, ReadOnlyMemory<byte> payload, MqttQos qos, bool retain, MqttMessageProperties? properties, MqttPublishProperties? prepared)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_sync)
        {
            if (_state != MqttConnectionState.Connected)
            {
                Statistics.OnPublishRejected();
                return MqttPublishResult.NotConnected;
            }

            if (!HasRoomLocked(payload.Length))
            {
                Statistics.OnPublishRejected();
                return MqttPublishResult.Backpressure;
            }

            ReserveWindowLocked(payload.Length);
        }

        HandOff(topic, payload, qos, retain, properties, prepared, completion: null, out int rc, out int errno);
        if (IsAccepted(rc, qos))
        {
            return MqttPublishResult.Accepted;
        }

        if (rc == MosquittoConstants.MOSQ_ERR_NO_CONN)
        {
            Statistics.OnPublishRejected();
            return MqttPublishResult.NotConnected;
        }

        throw MqttException.FromErrorCode(rc, $"Cannot publish to '{topic}'", errno);
    }

    /// <summary>libmosquitto returns NO_CONN for QoS 1/2 while offline yet keeps the message queued; that counts as accepted.</summary>
    private static bool IsAccepted(int rc, MqttQos qos) =>
        rc == MosquittoConstants.MOSQ_ERR_SUCCESS || (rc == MosquittoConstants.MOSQ_ERR_NO_CONN && qos != MqttQos.AtMostOnce);

    /// <summary>
    /// Calls mosquitto_publish_v5 and records the message id under the same lock that on_publish takes, so a
    /// confirmation that races ahead of the registration cannot be lost. On failure the reserved window is returned.
    /// </summary>
    private unsafe void HandOff(
        string topic,
        ReadOnlyMemory<byte> payload,
        MqttQos qos,
        bool retain,
        MqttMessageProperties? properties,
        MqttPublishProperties? prepared,
        TaskCompletionSource? completion,
        out int rc,
        out int errno)
    {
        bool v5 = Options.ProtocolVersion == MqttProtocolVersion.V5;
        nint propertyList = properties is not null && v5 ? MqttPropertyList.Build(properties) : 0;
        nint preparedList = prepared is not null && v5 ? prepared.List : 0;
        try
        {
            lock (_sync)
            {
                if (_disposed)
                {
                    ReleaseWindowLocked(payload.Length);
                    throw new ObjectDisposedException(nameof(MqttClient));
                }

                int mid;
                fixed (byte* data = payload.Span)
                {
                    rc = Mosquitto.mosquitto_publish_v5(_handle, &mid, topic, payload.Length, data, (int)qos, retain, propertyList != 0 ? propertyList : preparedList);
                    errno = Marshal.GetLastPInvokeError();
                }

                if (IsAccepted(rc, qos))
                {
                    _pending[mid] = new PendingPublish(payload.Length, qos, completion);
                }
                else
                {
                    ReleaseWindowLocked(payload.Length);
                }
            }
        }
        finally
        {
            if (propertyList != 0)
            {
                Mosquitto.mosquitto_property_free_all(&propertyList);
            }
        }
    }

    /// <summary>A message bigger than the byte window still goes alone, otherwise it could never be sent.</summary>
    private bool HasRoomLocked(int length) =>
        _pendingCount < Options.MaxPendingPublishes
        && (_pendingBytes + length <= Options.MaxPendingBytes || _pendingCount == 0);

    private void ReserveWindowLocked(int length)
    {
        // Counted apart from _pending because the slot is taken before libmosquitto hands out the message id.
        _pendingCount++;
        _pendingBytes += length;
    }

    private void ReleaseWindowLocked(int length)
    {
        _pendingCount--;
        _pendingBytes -= length;
        _windowFreed?.TrySetResult();
        _windowFreed = null;
    }

    private static void ValidatePublish(string topic, ReadOnlyMemory<byte> payload, MqttQos qos, MqttMessageProperties? properties)
    {
        ValidateTopic(topic, nameof(topic));
        ValidateQos(qos, nameof(qos));
        ValidatePayloadLength(payload.Length, nameof(payload));
        if (properties is not null)
        {
            MqttPropertyList.Validate(properties, nameof(properties));
        }
    }

    private static void ValidateTopic(string topic, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic, paramName);
        int rc = Mosquitto.mosquitto_pub_topic_check(topic);
        if (rc != MosquittoConstants.MOSQ_ERR_SUCCESS)
        {
            string why = rc == MosquittoConstants.MOSQ_ERR_MALFORMED_UTF8
                ? "it is not valid UTF-8 or contains control characters"
                : "a topic name must not contain the wildcards '+' or '#' and must be at most 65,535 bytes";
            throw new ArgumentException($"'{topic}' is not a valid MQTT topic name: {why}.", paramName);
        }
    }

    private static void ValidateQos(MqttQos qos, string paramName)
    {
        if ((int)qos is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException(paramName, qos, "QoS must be 0, 1 or 2.");
        }
    }

    private static void ValidatePayloadLength(int length, string paramName)
    {
        if (length > MosquittoConstants.MaxPayloadLength)
        {
            throw new ArgumentOutOfRangeException(paramName, length, $"MQTT payloads are limited to {MosquittoConstants.MaxPayloadLength:N0} bytes.");
        }
    }
}
