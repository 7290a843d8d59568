using System.Runtime.InteropServices;
using MqttCam.Mqtt.Interop;

namespace MqttCam.Mqtt;

public sealed partial class MqttClient
{
    // select() timeout of one loop pass; keep-alive pings are sent from the loop, so this must stay well below KeepAlive.
    private const int LoopTimeoutMilliseconds = 500;

    // A broker that stops reading must not make DisposeAsync wait for the DISCONNECT to drain forever.
    private static readonly TimeSpan s_disconnectDrainTimeout = TimeSpan.FromSeconds(2);

    // How often the loop asks the kernel how long the broker has been silent; the bound's slack beyond 1.5x keep-alive.
    private static readonly TimeSpan s_silenceCheckInterval = TimeSpan.FromMilliseconds(250);

    // Set by the loop thread when it cut a silent link, so the loss is reported as a keep-alive timeout.
    private volatile bool _linkSilent;

    /// <summary>
    /// The network thread. Owned here instead of mosquitto_loop_start because loop_forever gives up for good after
    /// DNS (EAI), TLS or protocol errors, and a device must keep retrying whatever happened at boot.
    /// </summary>
    private void RunNetworkLoop()
    {
        CancellationToken stopping = _stopping.Token;
        TimeSpan delay = Options.ReconnectDelay;
        int keepAliveSeconds = (int)Options.KeepAlive.TotalSeconds;
        while (!stopping.IsCancellationRequested)
        {
            SetState(MqttConnectionState.Connecting, 0, null);

            // A (re)connect discards packets queued for the old socket; QoS 0 ones would never see on_publish.
            FailUnwrittenQos0(MosquittoConstants.MOSQ_ERR_CONN_LOST);
            int rc = Mosquitto.mosquitto_connect_async(_handle, Options.Host, Options.Port, keepAliveSeconds);
            int errno = Marshal.GetLastPInvokeError();
            bool wasConnected = false;
            if (rc == MosquittoConstants.MOSQ_ERR_SUCCESS)
            {
                (rc, errno, wasConnected) = DriveConnection(stopping);
            }

            if (stopping.IsCancellationRequested)
            {
                break;
            }

            FailUnwrittenQos0(rc);
            if (wasConnected)
            {
                delay = Options.ReconnectDelay;
                _logger.ConnectionLost(Options.Host, Options.Port, MqttException.Describe(rc, errno));
            }
            else
            {
                _logger.ConnectAttemptFailed(Options.Host, Options.Port, MqttException.Describe(rc, errno), delay);
            }

            if (!WaitForReconnect(delay, stopping))
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Options.MaxReconnectDelay.Ticks));
        }
    }

    /// <summary>Runs mosquitto_loop until the connection ends (or, when stopping, until the DISCONNECT went out).</summary>
    private (int Rc, int Errno, bool WasConnected) DriveConnection(CancellationToken stopping)
    {
        long stopRequestedAt = 0;
        long lastSilenceCheck = 0;
        bool wasConnected = false;
        _linkSilent = false;
        while (true)
        {
            int rc = Mosquitto.mosquitto_loop(_handle, LoopTimeoutMilliseconds, 1);
            int errno = Marshal.GetLastPInvokeError();
            wasConnected |= IsConnected;
            if (rc != MosquittoConstants.MOSQ_ERR_SUCCESS)
            {
                return _linkSilent ? (MosquittoConstants.MOSQ_ERR_KEEPALIVE, 0, wasConnected) : (rc, errno, wasConnected);
            }

            if (!stopping.IsCancellationRequested && _timeProvider.GetElapsedTime(lastSilenceCheck) >= s_silenceCheckInterval)
            {
                lastSilenceCheck = _timeProvider.GetTimestamp();
                DropIfSilent();
            }

            if (stopping.IsCancellationRequested)
            {
                if (stopRequestedAt == 0)
                {
                    stopRequestedAt = _timeProvider.GetTimestamp();
                }
                else if (_timeProvider.GetElapsedTime(stopRequestedAt) > s_disconnectDrainTimeout)
                {
                    return (MosquittoConstants.MOSQ_ERR_SUCCESS, 0, wasConnected);
                }
            }
        }
    }

    /// <summary>
    /// libmosquitto alone notices a dead link only after 2x keep-alive (it pings after one interval of silence and gives
    /// up one interval later). The broker answers every PINGREQ, which libmosquitto sends after one interval without
    /// inbound traffic, so 1.5x keep-alive without a single byte from the broker means the link is dead. The socket is
    /// shut down rather than DISCONNECTed so the broker still publishes the last will.
    /// </summary>
    private void DropIfSilent()
    {
        int socket = Mosquitto.mosquitto_socket(_handle);
        if (LinkSocket.MillisecondsSinceDataReceived(socket) is not { } silentMs || silentMs < _silenceLimit.TotalMilliseconds)
        {
            return;
        }

        _linkSilent = true;
        _logger.LinkSilent(Options.Host, Options.Port, TimeSpan.FromMilliseconds(silentMs));
        LinkSocket.Shutdown(socket);
    }

    private bool WaitForReconnect(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            // The loop thread is dedicated, so blocking it on a TimeProvider-driven delay costs nothing.
            Task.Delay(delay, _timeProvider, stopping).GetAwaiter().GetResult();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>QoS 0 packets die with the socket; QoS 1/2 stay queued in libmosquitto and are resent after reconnect.</summary>
    private void FailUnwrittenQos0(int rc)
    {
        lock (_sync)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            List<int>? lost = null;
            foreach ((int mid, Internal.PendingPublish pending) in _pending)
            {
                if (pending.Qos == MqttQos.AtMostOnce)
                {
                    (lost ??= []).Add(mid);
                }
            }

            if (lost is null)
            {
                return;
            }

            var error = MqttException.FromErrorCode(
                rc == MosquittoConstants.MOSQ_ERR_SUCCESS ? MosquittoConstants.MOSQ_ERR_CONN_LOST : rc,
                "Connection lost before the QoS 0 message was written");
            foreach (int mid in lost)
            {
                _pending.Remove(mid, out Internal.PendingPublish pending);
                pending.Completion?.TrySetException(error);
                ReleaseWindowLocked(pending.Length);
            }
        }
    }
}
