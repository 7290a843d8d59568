using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using MqttCam.Bridge.Configuration;
using MqttCam.Bridge.Hosting;
using MqttCam.Mqtt;
using MqttCam.Core.Topics;

namespace MqttCam.Bridge.Demand;

/// <summary>
/// The bridge's watch leases (issue 12): while a camera has an MJPEG or WebSocket viewer, or its live.jpeg/snapshot was
/// served in the last <see cref="BridgeOptions.LeaseSeconds"/>, a retained <c>{}</c> (or <c>{"fps":N}</c>) sits on
/// <c>&lt;prefix&gt;/&lt;id&gt;/watch/bridge-&lt;client id&gt;</c> with an MQTT 5 message expiry of the lease length, renewed at
/// half of it; an empty retained payload releases it. Publishing happens on one worker that sends each camera's newest
/// wanted state (so a disconnected broker costs one pending entry per camera, never a queue that grows with churn).
/// The client's last will can carry one topic only, so a bridge that dies relies on the expiry (and on the device's own
/// lease clock for 3.1.1 brokers).
/// </summary>
public sealed class ViewerLeases : IHostedService, IDisposable
{
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(3);
    private static readonly byte[] s_anyRate = "{}"u8.ToArray();

    private readonly MqttClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger<ViewerLeases> _logger;
    private readonly string _prefix;
    private readonly long _leaseTicks;
    private readonly MqttMessageProperties _leaseProperties;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, CameraLease> _leases = new(StringComparer.Ordinal);
    // Each lease's newest payload not yet handed to the MQTT client (a lease object is its own key).
    private readonly NewestPerKey<CameraLease, byte[]> _unpublished = new(ReferenceEqualityComparer.Instance);
    private Task _worker = Task.CompletedTask;
    private bool _stopping;

    public ViewerLeases(MqttClient client, BridgeInstance instance, IOptions<BridgeOptions> options, TimeProvider time, ILogger<ViewerLeases> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _time = time;
        _logger = logger;
        _prefix = instance.Prefix;
        Consumer = ConsumerFor(client.Options.ClientId);
        var lease = TimeSpan.FromSeconds(options.Value.LeaseSeconds);
        _leaseTicks = (long)(lease.TotalSeconds * time.TimestampFrequency);
        _leaseProperties = new MqttMessageProperties { ContentType = "application/json", MessageExpiryInterval = (uint)options.Value.LeaseSeconds };
    }

    /// <summary>The <c>&lt;consumer&gt;</c> part of this bridge's watch topics.</summary>
    public string Consumer { get; }

    /// <summary><c>bridge-&lt;client id&gt;</c> made a valid <see cref="WatchConsumer"/>: other characters become '-', cut to its length.</summary>
    public static string ConsumerFor(string? clientId)
    {
        var builder = new StringBuilder("bridge-");
        foreach (var c in clientId ?? "")
        {
            builder.Append(WatchConsumer.IsValid([c]) ? c : '-');
        }

        return builder.Length > WatchConsumer.MaxLength ? builder.ToString(0, WatchConsumer.MaxLength) : builder.ToString();
    }

    /// <summary>The watch topic of <paramref name="cameraId"/> for this bridge: Core's one spelling of it.</summary>
    public string TopicFor(string cameraId) => new CameraTopics(_prefix, cameraId).Watch(Consumer);

    /// <summary>Holds the camera's lease until the returned handle is disposed (one per MJPEG/WebSocket viewer).</summary>
    /// <param name="cameraId">A valid camera id (already resolved by the endpoint).</param>
    /// <param name="fps">The rate this viewer asks for; null asks for the camera's full rate.</param>
    public IDisposable Acquire(string cameraId, int? fps = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(fps ?? 1, 0, nameof(fps));
        lock (_gate)
        {
            if (_stopping)
            {
                return Viewer.None;
            }

            var lease = LeaseLocked(cameraId);
            lease.Viewers.Add(fps);
            UpdateLocked(lease);
            return new Viewer(this, lease, fps);
        }
    }

    /// <summary>A live.jpeg or snapshot was served: keep (or take) the lease for the next lease length. Cheap when held.</summary>
    public void Touch(string cameraId)
    {
        var now = _time.GetTimestamp();
        if (_leases.TryGetValue(cameraId, out var held))
        {
            // Full fences on both sides (here and in Evaluate) so a touch racing a release is never lost.
            Interlocked.Exchange(ref held.TouchedAt, now);
            if (Volatile.Read(ref held.Held))
            {
                return;
            }
        }

        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            var lease = LeaseLocked(cameraId);
            Interlocked.Exchange(ref lease.TouchedAt, now);
            UpdateLocked(lease);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _worker = Task.Run(PublishLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Releases every lease this bridge holds (within a few seconds) before the MQTT client goes.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stopping = true;
            foreach (var lease in _leases.Values)
            {
                lease.Viewers.Clear();
                lease.TouchedAt = long.MinValue / 2;
                UpdateLocked(lease);
            }

            _unpublished.Complete();
        }

        try
        {
            await _worker.WaitAsync(s_stopTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LeaseReleaseUnfinished(s_stopTimeout.TotalSeconds);
        }
    }

    public void Dispose()
    {
        foreach (var lease in _leases.Values)
        {
            lease.Timer?.Dispose();
        }
    }

    private CameraLease LeaseLocked(string cameraId)
    {
        if (!_leases.TryGetValue(cameraId, out var lease))
        {
            lease = new CameraLease(cameraId, TopicFor(cameraId)) { TouchedAt = long.MinValue / 2 };
            _leases[cameraId] = lease;
        }

        return lease;
    }

    private void Release(CameraLease lease, int? fps)
    {
        lock (_gate)
        {
            lease.Viewers.Remove(fps);
            UpdateLocked(lease);
        }
    }

    private void OnTimer(object? state)
    {
        var lease = (CameraLease)state!;
        lock (_gate)
        {
            if (ReferenceEquals(lease.Timer, null) || !_leases.TryGetValue(lease.CameraId, out var current) || !ReferenceEquals(current, lease))
            {
                return; // Released (and its timer disposed) while this callback waited for the lock.
            }

            UpdateLocked(lease);
        }
    }

    /// <summary>
    /// Decides what the camera's retained lease should be now and queues a publish when that changed (or a renewal is
    /// due); schedules the next look: the renewal, or the end of the touch window when only touches hold it.
    /// </summary>
    private void UpdateLocked(CameraLease lease)
    {
        var now = _time.GetTimestamp();
        Volatile.Write(ref lease.Held, false);
        var touchedUntil = Interlocked.Read(ref lease.TouchedAt) + _leaseTicks;
        var wanted = lease.Viewers.Count > 0 || touchedUntil > now;
        var payload = wanted ? PayloadFor(lease) : [];
        Volatile.Write(ref lease.Held, wanted);

        var changed = wanted != (lease.Published is not null) || (wanted && !payload.AsSpan().SequenceEqual(lease.Published ?? []));
        if (changed || (wanted && now >= lease.RenewAt))
        {
            lease.Published = wanted ? payload : null;
            lease.RenewAt = now + (_leaseTicks / 2);
            _unpublished.Post(lease, payload);
        }

        if (!wanted)
        {
            lease.Timer?.Dispose();
            lease.Timer = null;
            _leases.TryRemove(new KeyValuePair<string, CameraLease>(lease.CameraId, lease));
            return;
        }

        var next = lease.RenewAt;
        if (lease.Viewers.Count == 0 && touchedUntil < next)
        {
            next = touchedUntil;
        }

        var due = TimeSpan.FromSeconds(Math.Max(0, next - now) / (double)_time.TimestampFrequency);
        lease.Timer ??= _time.CreateTimer(OnTimer, lease, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        lease.Timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private static byte[] PayloadFor(CameraLease lease)
    {
        // A viewer without a rate asks for the camera's full rate, so only a lease whose viewers all name one carries fps.
        int? highest = 0;
        foreach (var fps in lease.Viewers)
        {
            highest = fps is null || highest is null ? null : Math.Max(highest.Value, fps.Value);
        }

        return highest is > 0 && lease.Viewers.Count > 0
            ? Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"fps\":{highest}}}"))
            : s_anyRate;
    }

    private async Task PublishLoopAsync()
    {
        await foreach (var (lease, payload) in _unpublished.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                // QoS 1: a lease published while the broker is away is sent after the reconnect (libmosquitto keeps it).
                await _client.PublishAsync(lease.Topic, payload, MqttQos.AtLeastOnce, retain: true, payload.Length > 0 ? _leaseProperties : null).ConfigureAwait(false);
                if (payload.Length > 0)
                {
                    _logger.LeasePublished(lease.CameraId, lease.Topic);
                }
                else
                {
                    _logger.LeaseReleased(lease.CameraId, lease.Topic);
                }
            }
            catch (MqttException ex)
            {
                // The next renewal (half a lease away) tries again; the device expires a lease it does not hear about.
                _logger.LeasePublishFailed(lease.Topic, ex.Message);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    /// <summary>One camera's lease: its viewers (each with the rate it asked for), the last touch and what was published.</summary>
    private sealed class CameraLease(string cameraId, string topic)
    {
        public string CameraId { get; } = cameraId;

        public string Topic { get; } = topic;

        public List<int?> Viewers { get; } = [];

        /// <summary>Timestamp (TimeProvider) of the last live.jpeg/snapshot served.</summary>
        public long TouchedAt;

        /// <summary>True while the lease is wanted: lets <see cref="Touch"/> skip the lock.</summary>
        public bool Held;

        public byte[]? Published { get; set; }

        public long RenewAt { get; set; }

        public ITimer? Timer { get; set; }
    }

    private sealed class Viewer(ViewerLeases? owner, CameraLease? lease, int? fps) : IDisposable
    {
        public static readonly Viewer None = new(null, null, null);

        private int _disposed;

        public void Dispose()
        {
            if (owner is not null && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(lease!, fps);
            }
        }
    }
}
