using Microsoft.Extensions.Logging;
using MqttCam.Capture;
using MqttCam.Device.Announcing;
using MqttCam.Device.Configuration;
using MqttCam.Device.Feed;
using MqttCam.Device.Hosting;
using MqttCam.Device.Settings;
using MqttCam.Mqtt;
using MqttCam.Core.Settings;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Demand;

/// <summary>
/// Who needs frames, and how many: the watch leases on <c>watch/&lt;consumer&gt;</c>, expired on the device's own
/// clock (so MQTT 3.1.1 consumers work), and the <see cref="DemandGovernor"/>'s decision for every captured frame.
/// Registered as the first frame sink, so <see cref="DemandPublishGate"/> and the preview read this frame's decision.
/// </summary>
public sealed class CameraDemand : IFrameSink
{
    private readonly CurrentSettings _settings;
    private readonly CameraTopics _topics;
    private readonly MqttClient _client;
    private readonly DeviceStatus _status;
    private readonly ILogger<CameraDemand> _logger;
    private readonly WatchLeaseTable _leases;
    private readonly DemandGovernor _governor;
    private readonly ScheduledCheck _expiry;
    private CameraSettings? _applied;
    private FrameDecision _current;
    private readonly Lock _announceGate = new();
    private DemandState _announced;
    private volatile bool _announcedLive;

    public CameraDemand(DeviceConfiguration configuration, CurrentSettings settings, CameraTopics topics, MqttClient client, DeviceStatus status, TimeProvider time, ILogger<CameraDemand> logger)
    {
        _settings = settings;
        _topics = topics;
        _client = client;
        _status = status;
        _logger = logger;
        ArgumentNullException.ThrowIfNull(configuration);
        _leases = new WatchLeaseTable(time, TimeSpan.FromSeconds(configuration.Device.WatchLeaseSeconds));
        _applied = settings.Value;
        _governor = new DemandGovernor(_leases, OptionsFrom(_applied), time);
        _expiry = new ScheduledCheck(time);
        _announced = _governor.State;
        _announcedLive = _announced.Live;
    }

    /// <summary>The decision for the frame the sinks are handling now (read on the frame path, after this sink ran).</summary>
    public FrameDecision Current => _current;

    /// <summary>The state fields: live, watchers, motion.</summary>
    public DemandState State => _governor.State;

    public void OnFrame(JpegFrame frame)
    {
        var settings = _settings.Value;
        if (!ReferenceEquals(settings, _applied))
        {
            _applied = settings;
            _governor.Update(OptionsFrom(settings));
        }

        _current = _governor.Decide();

        // Per frame only live/idle can flip here; leases and motion announce their own changes.
        if (_current.Live != _announcedLive)
        {
            AnnounceIfChanged();
        }
    }

    /// <summary>Motion start (true) or end (false) from the motion sink: motion keeps the camera live.</summary>
    public void SetMotion(bool active)
    {
        _governor.SetMotion(active);
        AnnounceIfChanged();
    }

    /// <summary>A message on <c>watch/&lt;consumer&gt;</c>: a lease, its renewal or its release.</summary>
    public Task OnWatchAsync(MqttMessage message, string consumer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var outcome = _leases.Apply(consumer, message.Payload.Span, message.Properties?.MessageExpiryInterval);
        switch (outcome.Change)
        {
            case WatchLeaseChange.Refused:
                _logger.LeaseRefused(outcome.Reason ?? "invalid lease");
                break;
            case WatchLeaseChange.Added or WatchLeaseChange.Released:
                _logger.LeaseChanged(consumer, outcome.Change, _leases.Count);
                AnnounceIfChanged();
                break;
        }

        // A new lease, or a renewal with a shorter expiry, may end before the one the check is armed for.
        if (outcome.Change is WatchLeaseChange.Added or WatchLeaseChange.Renewed && _leases.NextExpiry is { } next)
        {
            _expiry.RunBy(next);
        }

        return Task.CompletedTask;
    }

    /// <summary>Ends each lease when its time is up and clears its retained copy, until <paramref name="stoppingToken"/>.</summary>
    public Task RunAsync(CancellationToken stoppingToken) => _expiry.RunAsync(ExpireLeases, stoppingToken);

    public static DemandOptions OptionsFrom(CameraSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var live = string.Equals(settings.Live, "always", StringComparison.Ordinal) ? LiveMode.Always : LiveMode.Auto;
        return new DemandOptions(settings.Streaming, live, settings.EffectiveFps, TimeSpan.FromSeconds(settings.IdleIntervalSeconds));
    }

    /// <summary>The expiry check: returns when the next lease ends (null without leases: nothing is armed).</summary>
    private DateTimeOffset? ExpireLeases()
    {
        foreach (var consumer in _leases.RemoveExpired())
        {
            _logger.LeaseExpired(consumer);

            // Without this a retained lease from a vanished 3.1.1 consumer would come back with every resubscribe.
            _client.TryPublish(_topics.Watch(consumer), ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce, retain: true);
        }

        AnnounceIfChanged();
        return _leases.NextExpiry;
    }

    /// <summary>Live/idle, watcher count or motion changed: the state says so at once.</summary>
    private void AnnounceIfChanged()
    {
        // Frames, messages and the expiry timer all get here, on different threads.
        var now = _governor.State;
        bool wasLive;
        lock (_announceGate)
        {
            if (now == _announced)
            {
                return;
            }

            wasLive = _announced.Live;
            _announced = now;
            _announcedLive = now.Live;
        }

        if (now.Live != wasLive)
        {
            _logger.RateChanged(_topics.CameraId, now.Live ? "live" : "idle", now.Watchers, now.Motion);
        }

        _status.RequestPublish();
    }
}
