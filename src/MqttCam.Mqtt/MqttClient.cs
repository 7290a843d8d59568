using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MqttCam.Mqtt.Internal;
using MqttCam.Mqtt.Interop;

namespace MqttCam.Mqtt;

/// <summary>
/// MQTT client over libmosquitto. One dedicated network thread drives mosquitto_loop and reconnects with backoff;
/// callbacks copy data off native memory and hand it to channels, so no user code ever runs on that thread.
/// </summary>
public sealed partial class MqttClient : IAsyncDisposable
{
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(10);

    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SafeMosquittoHandle _handle = new();
    private readonly GCHandle _self;
    private readonly Channel<MqttMessage> _messages;
    private readonly Channel<MqttConnectionStateChangedEventArgs> _stateEvents;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _sync = new();
    private readonly TopicCache _topicCache = new();
    private readonly TimeSpan _silenceLimit;

    // Guarded by _sync.
    private readonly Dictionary<int, PendingPublish> _pending = [];
    private readonly Dictionary<int, (string Filter, TaskCompletionSource Completion)> _pendingAcks = [];
    private readonly Dictionary<string, MqttQos> _subscriptions = new(StringComparer.Ordinal);
    private int _pendingCount;
    private long _pendingBytes;
    private TaskCompletionSource? _windowFreed;
    private TaskCompletionSource _connected = NewSignal();
    private MqttConnectionState _state = MqttConnectionState.Disconnected;
    private bool _everConnected;

    private Thread? _loopThread;
    private Task? _stateEventPump;
    private volatile bool _disposed;
    private int _disposeStarted;

    public MqttClient(MqttClientOptions options, ILogger<MqttClient>? logger = null)
        : this(options, logger, TimeProvider.System)
    {
    }

    internal MqttClient(MqttClientOptions options, ILogger? logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ValidateOptions(options);
        MosquittoLibrary.EnsureInitialized();

        Options = options;
        _silenceLimit = options.KeepAlive * 1.5;
        _logger = logger ?? NullLogger.Instance;
        _timeProvider = timeProvider;
        _messages = Channel.CreateBounded<MqttMessage>(
            new BoundedChannelOptions(options.ReceiveQueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = true,
            },
            _ => Statistics.OnReceivedDropped());
        _stateEvents = Channel.CreateUnbounded<MqttConnectionStateChangedEventArgs>(
            new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

        _self = GCHandle.Alloc(this);
        try
        {
            CreateNativeClient();
        }
        catch
        {
            _handle.Dispose();
            _self.Free();
            throw;
        }
    }

    public MqttClientOptions Options { get; }

    public MqttConnectionState State
    {
        get
        {
            lock (_sync)
            {
                return _state;
            }
        }
    }

    public bool IsConnected => State == MqttConnectionState.Connected;

    public MqttClientStatistics Statistics { get; } = new();

    /// <summary>Raised in order on a thread-pool thread, never on the native network thread.</summary>
    public event EventHandler<MqttConnectionStateChangedEventArgs>? ConnectionStateChanged;

    /// <summary>Received messages; single reader. Completed when the client is disposed.</summary>
    public ChannelReader<MqttMessage> Messages => _messages.Reader;

    /// <summary>Starts the network thread, which connects and keeps reconnecting with backoff. Idempotent.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_sync)
        {
            // Checked under the lock DisposeAsync reads the thread under, so no loop can start behind its back.
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposeStarted) != 0, this);
            if (_loopThread is not null)
            {
                return;
            }

            _stateEventPump = Task.Run(PumpStateEventsAsync);

            // Set here, not by the network thread, so State is Connecting as soon as Start returns and a Dispose that
            // follows at once still sees (and reports) Connecting -> Disposed in that order.
            _state = MqttConnectionState.Connecting;
            _stateEvents.Writer.TryWrite(new MqttConnectionStateChangedEventArgs(MqttConnectionState.Connecting, 0, null));
            _loopThread = new Thread(RunNetworkLoop)
            {
                IsBackground = true,
                Name = "mqtt-" + Options.ClientId,
            };
            _loopThread.Start();
        }
    }

    /// <summary>Starts if needed and waits for the connection. Throws <see cref="MqttException"/> when the broker refuses it.</summary>
    public Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        Start();
        return WaitUntilConnectedAsync(cancellationToken);
    }

    /// <summary>Waits until connected. Throws <see cref="MqttException"/> when the broker refuses the connection.</summary>
    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Task connected;
        lock (_sync)
        {
            connected = _connected.Task;
        }

        return connected.WaitAsync(cancellationToken);
    }

    /// <summary>Disconnect, stop the network thread, destroy the native client, then free the callback handle. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) != 0)
        {
            return;
        }

        Thread? loopThread;
        lock (_sync)
        {
            loopThread = _loopThread;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        bool stopped = true;
        if (loopThread is not null)
        {
            // Sends DISCONNECT (so no last will) and wakes the loop's select; without it a blocked loop never returns.
            _ = Mosquitto.mosquitto_disconnect(_handle);
            stopped = await Task.Run(() => loopThread.Join(s_stopTimeout)).ConfigureAwait(false);
        }

        // From here on no callback can run: callbacks only ever run on the loop thread.
        _disposed = true;
        _messages.Writer.TryComplete();
        FailEverything(new ObjectDisposedException(nameof(MqttClient), "The MQTT client was disposed."));
        SetState(MqttConnectionState.Disposed, 0, null);
        _stateEvents.Writer.TryComplete();

        if (stopped)
        {
            _handle.Dispose();
            _self.Free();
        }
        else
        {
            _logger.LoopStopTimeout(s_stopTimeout);
        }

        if (_stateEventPump is not null)
        {
            await _stateEventPump.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void ValidateOptions(MqttClientOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Host, "options.Host");
        ArgumentException.ThrowIfNullOrEmpty(options.ClientId, "options.ClientId");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Port, 1, "options.Port");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535, "options.Port");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.KeepAlive, TimeSpan.FromSeconds(5), "options.KeepAlive");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.KeepAlive, TimeSpan.FromSeconds(65535), "options.KeepAlive");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ReconnectDelay, TimeSpan.Zero, "options.ReconnectDelay");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxReconnectDelay, options.ReconnectDelay, "options.MaxReconnectDelay");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPendingPublishes, 1, "options.MaxPendingPublishes");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPendingBytes, 1, "options.MaxPendingBytes");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReceiveQueueCapacity, 1, "options.ReceiveQueueCapacity");
        if (!Enum.IsDefined(options.ProtocolVersion))
        {
            throw new ArgumentOutOfRangeException("options.ProtocolVersion", options.ProtocolVersion, "Protocol version must be V311 or V5.");
        }

        if (options.Will is { } will)
        {
            ValidateTopic(will.Topic, "options.Will.Topic");
            ValidateQos(will.Qos, "options.Will.Qos");
            ValidatePayloadLength(will.Payload.Length, "options.Will.Payload");
        }

        if (options.Tls is { CaFile: null, CaPath: null } tls && (tls.CertFile is not null || tls.KeyFile is not null))
        {
            throw new ArgumentException("A TLS client certificate needs CaFile or CaPath (libmosquitto cannot combine it with the OS trust store).", "options.Tls");
        }

        if (options.Tls is { } t && (t.CertFile is null) != (t.KeyFile is null))
        {
            throw new ArgumentException("TLS CertFile and KeyFile must be given together.", "options.Tls");
        }
    }

    private unsafe void CreateNativeClient()
    {
        nint native = Mosquitto.mosquitto_new(Options.ClientId, clean_session: true, GCHandle.ToIntPtr(_self));
        if (native == 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new MqttException(MosquittoConstants.MOSQ_ERR_ERRNO, "mosquitto_new failed: " + Marshal.GetPInvokeErrorMessage(errno));
        }

        _handle.Initialize(native);
        Check(Mosquitto.mosquitto_threaded_set(_handle, true), "mosquitto_threaded_set");
        Check(Mosquitto.mosquitto_int_option(_handle, MosquittoConstants.MOSQ_OPT_PROTOCOL_VERSION, (int)Options.ProtocolVersion), "protocol version");

        // Frames and small control messages share the socket: without NODELAY a small publish can wait 40 ms for an ACK.
        Check(Mosquitto.mosquitto_int_option(_handle, MosquittoConstants.MOSQ_OPT_TCP_NODELAY, 1), "TCP_NODELAY");

        if (Options.Username is not null || Options.Password is not null)
        {
            Check(Mosquitto.mosquitto_username_pw_set(_handle, Options.Username, Options.Password), "username/password");
        }

        if (Options.Tls is { } tls)
        {
            ConfigureTls(tls);
        }

        if (Options.Will is { } will)
        {
            fixed (byte* payload = will.Payload.Span)
            {
                Check(Mosquitto.mosquitto_will_set_v5(_handle, will.Topic, will.Payload.Length, payload, (int)will.Qos, will.Retain, 0), "last will");
            }
        }

        Mosquitto.mosquitto_connect_v5_callback_set(_handle, &OnConnectCallback);
        Mosquitto.mosquitto_disconnect_v5_callback_set(_handle, &OnDisconnectCallback);
        Mosquitto.mosquitto_publish_v5_callback_set(_handle, &OnPublishCallback);
        Mosquitto.mosquitto_message_v5_callback_set(_handle, &OnMessageCallback);
        Mosquitto.mosquitto_subscribe_v5_callback_set(_handle, &OnSubscribeCallback);
        Mosquitto.mosquitto_unsubscribe_v5_callback_set(_handle, &OnUnsubscribeCallback);
    }

    private void ConfigureTls(MqttTlsOptions tls)
    {
        if (tls.CaFile is null && tls.CaPath is null)
        {
            Check(Mosquitto.mosquitto_int_option(_handle, MosquittoConstants.MOSQ_OPT_TLS_USE_OS_CERTS, 1), "TLS OS trust store");
        }
        else
        {
            Check(Mosquitto.mosquitto_tls_set(_handle, tls.CaFile, tls.CaPath, tls.CertFile, tls.KeyFile, 0), "TLS certificates");
        }

        if (tls.AllowUntrustedCertificates)
        {
            Check(Mosquitto.mosquitto_tls_opts_set(_handle, MosquittoConstants.SSL_VERIFY_NONE, null, null), "TLS verification");
            Check(Mosquitto.mosquitto_tls_insecure_set(_handle, true), "TLS host name check");
        }
    }

    private static void Check(int rc, string what)
    {
        if (rc != MosquittoConstants.MOSQ_ERR_SUCCESS)
        {
            throw MqttException.FromErrorCode(rc, "Cannot configure MQTT client (" + what + ")");
        }
    }

    /// <summary>Updates the state; the event is queued under the lock so handlers see changes in order.</summary>
    private void SetState(MqttConnectionState state, int reasonCode, string? reason)
    {
        lock (_sync)
        {
            if (_state == state || _state == MqttConnectionState.Disposed)
            {
                return;
            }

            _state = state;
            _stateEvents.Writer.TryWrite(new MqttConnectionStateChangedEventArgs(state, reasonCode, reason));
        }
    }

    private async Task PumpStateEventsAsync()
    {
        await foreach (MqttConnectionStateChangedEventArgs args in _stateEvents.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                ConnectionStateChanged?.Invoke(this, args);
            }
            catch (Exception ex)
            {
                _logger.StateHandlerFailed(ex);
            }
        }
    }

    /// <summary>Completes every waiter: pending publishes, acks, window and connection waiters.</summary>
    private void FailEverything(Exception error)
    {
        lock (_sync)
        {
            foreach (PendingPublish pending in _pending.Values)
            {
                pending.Completion?.TrySetException(error);
            }

            _pending.Clear();
            _pendingCount = 0;
            _pendingBytes = 0;
            foreach ((string _, TaskCompletionSource completion) in _pendingAcks.Values)
            {
                completion.TrySetException(error);
            }

            _pendingAcks.Clear();
            _connected.TrySetException(error);
            _windowFreed?.TrySetResult();
            _windowFreed = null;
        }
    }
}
