using MqttCam.Core.Topics;

namespace MqttCam.Device.Demand;

/// <summary>
/// The active <c>watch/&lt;consumer&gt;</c> leases of one camera. A lease lasts the MQTT 5 message expiry of the
/// message that set it, or <see cref="DefaultLease"/> without one (MQTT 3.1.1), and ends on the injected clock so a
/// consumer that vanishes without a will costs at most one lease. Thread-safe: leases arrive on the MQTT thread and
/// are read on the frame path.
/// </summary>
public sealed class WatchLeaseTable(TimeProvider timeProvider, TimeSpan? leaseWithoutExpiry = null)
{
    /// <summary>Most leases one camera holds (contract bound; docs/limits.md). More are refused.</summary>
    public const int MaxLeases = 32;

    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(60);

    private readonly TimeSpan _leaseWithoutExpiry = leaseWithoutExpiry ?? DefaultLease;

    // Ended leases dropped to make room before RemoveExpired ran; bounded so a flood of short leases cannot grow it.
    private const int MaxPendingClears = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, WatchLease> _leases = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pendingClears = new(StringComparer.Ordinal);

    /// <summary>Applies one retained or live message on <c>watch/&lt;consumer&gt;</c>.</summary>
    /// <param name="consumer">The topic's <c>&lt;consumer&gt;</c>.</param>
    /// <param name="payload">The lease JSON; empty releases the lease.</param>
    /// <param name="messageExpirySeconds">The MQTT 5 message expiry interval, null when the message has none.</param>
    public WatchLeaseOutcome Apply(string consumer, ReadOnlySpan<byte> payload, uint? messageExpirySeconds)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        if (!WatchConsumer.IsValid(consumer))
        {
            return new(WatchLeaseChange.Refused, $"consumer '{Truncate(consumer)}' is not {WatchConsumer.AllowedDescription}");
        }

        if (payload.IsEmpty)
        {
            lock (_gate)
            {
                _leases.Remove(consumer);
                _pendingClears.Remove(consumer);
            }

            return new(WatchLeaseChange.Released);
        }

        if (!WatchRequest.TryParse(payload, out WatchRequest request, out string? error))
        {
            return new(WatchLeaseChange.Refused, $"lease from '{consumer}' refused: {error}");
        }

        // A broker forwards the remaining expiry; 0 cannot normally arrive, and is treated as the shortest lease.
        TimeSpan length = messageExpirySeconds is { } seconds ? TimeSpan.FromSeconds(Math.Max(1u, seconds)) : _leaseWithoutExpiry;
        DateTimeOffset now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (_leases.Count >= MaxLeases)
            {
                RemoveExpiredLocked(now);
            }

            bool known = _leases.TryGetValue(consumer, out WatchLease previous) && previous.ExpiresAt > now;
            if (!known && _leases.Count >= MaxLeases)
            {
                return new(WatchLeaseChange.Refused, $"lease from '{consumer}' refused: the camera already has {MaxLeases} leases");
            }

            _leases[consumer] = new WatchLease(consumer, request.Fps, now + length);
            _pendingClears.Remove(consumer);
            return new(known ? WatchLeaseChange.Renewed : WatchLeaseChange.Added);
        }
    }

    /// <summary>Active leases now.</summary>
    public int Count
    {
        get
        {
            DateTimeOffset now = timeProvider.GetUtcNow();
            lock (_gate)
            {
                int count = 0;
                foreach (WatchLease lease in _leases.Values)
                {
                    count += lease.ExpiresAt > now ? 1 : 0;
                }

                return count;
            }
        }
    }

    /// <summary>The rate the leases ask for, capped by <paramref name="cameraFps"/>; null when nobody watches.</summary>
    public double? RequestedFps(double cameraFps)
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        double? highest = null;
        lock (_gate)
        {
            foreach (WatchLease lease in _leases.Values)
            {
                if (lease.ExpiresAt > now)
                {
                    double asked = Math.Min(lease.Fps ?? cameraFps, cameraFps);
                    highest = highest is { } h ? Math.Max(h, asked) : asked;
                }
            }
        }

        return highest;
    }

    /// <summary>When the earliest active lease ends (arm a timer for <see cref="RemoveExpired"/>); null without leases.</summary>
    public DateTimeOffset? NextExpiry
    {
        get
        {
            lock (_gate)
            {
                DateTimeOffset? next = null;
                foreach (WatchLease lease in _leases.Values)
                {
                    next = next is { } n && n <= lease.ExpiresAt ? n : lease.ExpiresAt;
                }

                return next;
            }
        }
    }

    public IReadOnlyList<WatchLease> Snapshot()
    {
        lock (_gate)
        {
            return [.. _leases.Values];
        }
    }

    /// <summary>
    /// Drops the leases that have ended and returns their consumers, whose retained lease the device clears with an
    /// empty retained payload (so a stale lease does not come back on the next subscribe).
    /// </summary>
    public IReadOnlyList<string> RemoveExpired()
    {
        lock (_gate)
        {
            RemoveExpiredLocked(timeProvider.GetUtcNow());
            if (_pendingClears.Count == 0)
            {
                return [];
            }

            string[] expired = [.. _pendingClears];
            _pendingClears.Clear();
            return expired;
        }
    }

    private void RemoveExpiredLocked(DateTimeOffset now)
    {
        foreach (WatchLease lease in _leases.Values)
        {
            if (lease.ExpiresAt <= now)
            {
                _leases.Remove(lease.Consumer);
                if (_pendingClears.Count < MaxPendingClears)
                {
                    _pendingClears.Add(lease.Consumer);
                }
            }
        }
    }

    private static string Truncate(string text) => text.Length <= WatchConsumer.MaxLength ? text : text[..WatchConsumer.MaxLength] + "...";
}
