using MqttCam.Capture;

namespace MqttCam.Device.Demand;

/// <summary>
/// Decides per captured frame whether it is published (issue 12 "Rate"): live = streaming and (live=always, a lease,
/// or motion active); the live rate is the camera's fps, or the highest rate the leases ask for when only leases keep
/// it live; idle publishes one frame per idle interval. The first frame after going live is always published, so a
/// new watcher sees full rate within one frame interval. Thread-safe: frames, leases and settings arrive on
/// different threads.
/// </summary>
public sealed class DemandGovernor
{
    private readonly WatchLeaseTable _leases;
    private readonly TimeProvider _timeProvider;
    private readonly FramePacer _livePacer;
    private readonly Lock _gate = new();
    private DemandOptions _options;
    private bool _motion;
    private bool _wasLive;
    // The first idle frame goes at once (fresh retained frame after a start), unless idle frames are off.
    private DateTimeOffset? _nextIdleAt;
    private DateTimeOffset? _nextPreviewAt;

    public DemandGovernor(WatchLeaseTable leases, DemandOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _leases = leases;
        _timeProvider = timeProvider;
        _livePacer = new FramePacer(timeProvider);
        _options = Validate(options);
        _nextIdleAt = options.IdleInterval > TimeSpan.Zero ? DateTimeOffset.MinValue : null;
        _nextPreviewAt = _nextIdleAt;
    }

    public DemandOptions Options
    {
        get
        {
            lock (_gate)
            {
                return _options;
            }
        }
    }

    /// <summary>The state fields now (live, watchers, motion).</summary>
    public DemandState State
    {
        get
        {
            lock (_gate)
            {
                return new DemandState(IsLive(_options, _leases.RequestedFps(_options.Fps)), _leases.Count, _motion);
            }
        }
    }

    /// <summary>When the next idle frame is due (null when idle_interval is 0, streaming is off or the camera is live).</summary>
    public DateTimeOffset? NextIdleFrameAt
    {
        get
        {
            lock (_gate)
            {
                return !_options.Streaming || IsLive(_options, _leases.RequestedFps(_options.Fps)) ? null : _nextIdleAt;
            }
        }
    }

    /// <summary>Applies changed settings from the next frame on.</summary>
    public void Update(DemandOptions options)
    {
        Validate(options);
        lock (_gate)
        {
            if (options.IdleInterval != _options.IdleInterval)
            {
                // Re-plan from now so a shorter interval takes effect at once and 0 stops idle frames.
                DateTimeOffset now = _timeProvider.GetUtcNow();
                _nextIdleAt = options.IdleInterval > TimeSpan.Zero ? now + options.IdleInterval : null;
                _nextPreviewAt = _nextIdleAt;
            }

            _options = options;
        }
    }

    /// <summary>The motion detector's state (active from motion start until motion_hold of quiet ends it).</summary>
    public void SetMotion(bool active)
    {
        lock (_gate)
        {
            _motion = active;
        }
    }

    /// <summary>Call once for every captured frame, in capture order.</summary>
    public FrameDecision Decide()
    {
        lock (_gate)
        {
            DemandOptions options = _options;
            double? leaseFps = _leases.RequestedFps(options.Fps);
            bool live = IsLive(options, leaseFps);
            if (!options.Streaming)
            {
                _wasLive = false;
                return FrameDecision.Skip(live: false);
            }

            DateTimeOffset now = _timeProvider.GetUtcNow();
            bool preview = _nextPreviewAt is { } previewAt && now >= previewAt;
            if (live)
            {
                // Always, or motion: the camera's own rate; only leases keep it live: the highest asked (<= fps).
                double rate = options.Live == LiveMode.Always || _motion ? options.Fps : leaseFps!.Value;
                bool justWentLive = !_wasLive;
                _wasLive = true;
                if (justWentLive)
                {
                    _livePacer.Reset();
                }

                // At the camera's rate every frame goes; the pacer's schedule would drop jittery early ones.
                // After the reset the pacer lets the first frame through: live within one frame interval.
                bool publish = rate >= options.Fps || _livePacer.TryTake(rate);

                preview &= publish;
                if (preview)
                {
                    _nextPreviewAt = Next(now, options);
                }

                return new FrameDecision(publish, preview, Live: true);
            }

            if (_wasLive)
            {
                // Back to idle: the last live frame counts as the latest idle one.
                _wasLive = false;
                _nextIdleAt = Next(now, options);
            }

            if (_nextIdleAt is { } idleAt && now >= idleAt)
            {
                _nextIdleAt = Next(now, options);
                _nextPreviewAt = _nextIdleAt;
                return new FrameDecision(PublishImage: true, PublishPreview: true, Live: false);
            }

            return FrameDecision.Skip(live: false);
        }
    }

    private bool IsLive(DemandOptions options, double? leaseFps) =>
        options.Streaming && (options.Live == LiveMode.Always || leaseFps is not null || _motion);

    private static DateTimeOffset? Next(DateTimeOffset now, DemandOptions options) =>
        options.IdleInterval > TimeSpan.Zero ? now + options.IdleInterval : null;

    private static DemandOptions Validate(DemandOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!double.IsFinite(options.Fps) || options.Fps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Fps, "fps must be a finite number above 0.");
        }

        if (options.IdleInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.IdleInterval, "idle_interval cannot be negative.");
        }

        return options;
    }
}
