using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Options;
using MqttCam.Bridge.Configuration;
using MqttCam.Bridge.Hosting;
using MqttCam.Mqtt;
using MqttCam.Core.Topics;

namespace MqttCam.Bridge.Ingest;

/// <summary>
/// Gives cameras that reach the bridge over HTTP upload or the TCP stream the availability a device would publish:
/// retained "online" with the first frame, retained "offline" when the TCP stream ends (its zero length, or the
/// connection closing) or when no frame came for <see cref="BridgeOptions.IngestOfflineAfterSeconds"/>. Published on
/// the camera's availability topic, so every consumer (the bridge itself, Home Assistant) sees the same thing.
/// Availability is state, not a live frame: it is never dropped for a full publish window or a broker outage. Each
/// change is queued (the newest value per camera, at most one entry per camera) and one writer publishes it with
/// QoS 1, which libmosquitto keeps across a reconnect; what is still queued when the bridge stops is handed over
/// without waiting.
/// </summary>
public sealed class IngestAvailability : BackgroundService
{
    /// <summary>Ids ever fed by upload or TCP here; bounded like the registry's camera count.</summary>
    private const int MaxPushedIds = 4096;

    private readonly ConcurrentDictionary<string, ITimer> _online = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _pushed = new(StringComparer.Ordinal);
    private readonly MqttClient _client;
    private readonly BridgeInstance _instance;
    private readonly TimeProvider _time;
    private readonly ILogger<IngestAvailability> _logger;
    private readonly TimeSpan _offlineAfter;

    // Camera id -> newest availability not yet handed to the MQTT client.
    private readonly NewestPerKey<string, string> _unpublished = new(StringComparer.Ordinal);

    public IngestAvailability(MqttClient client, BridgeInstance instance, IOptions<BridgeOptions> options, TimeProvider time, ILogger<IngestAvailability> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _instance = instance;
        _time = time;
        _logger = logger;
        _offlineAfter = TimeSpan.FromSeconds(options.Value.IngestOfflineAfterSeconds);
    }

    /// <summary>A frame of <paramref name="cameraId"/> was published: online now, and the offline timeout restarts.</summary>
    public void FrameArrived(string cameraId)
    {
        if (_pushed.Count < MaxPushedIds)
        {
            _pushed.TryAdd(cameraId, true);
        }

        if (_online.TryGetValue(cameraId, out var timer))
        {
            timer.Change(_offlineAfter, Timeout.InfiniteTimeSpan);
            return;
        }

        var created = _time.CreateTimer(static state => ((Expiry)state!).Fire(), new Expiry(this, cameraId), _offlineAfter, Timeout.InfiniteTimeSpan);
        if (_online.TryAdd(cameraId, created))
        {
            Publish(cameraId, AvailabilityPayload.Online, "frames arriving");
        }
        else
        {
            created.Dispose();
            FrameArrived(cameraId);
        }
    }

    /// <summary>Whether <paramref name="cameraId"/>'s frames come from this bridge's upload or TCP ingest (no device).</summary>
    public bool IsPushed(string cameraId) => _pushed.ContainsKey(cameraId);

    /// <summary>The camera's source said it is done (TCP zero length or connection closed).</summary>
    public void Ended(string cameraId, string reason) => GoOffline(cameraId, reason);

    public override void Dispose()
    {
        foreach (var timer in _online.Values)
        {
            timer.Dispose();
        }

        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (cameraId, availability) in _unpublished.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await _client.PublishAsync(TopicOf(cameraId), Encoding.ASCII.GetBytes(availability), MqttQos.AtLeastOnce, retain: true, cancellationToken: stoppingToken).ConfigureAwait(false);
                }
                catch (MqttException ex)
                {
                    _logger.IngestAvailabilityNotPublished(cameraId, availability, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: streams ended by the shutdown still get their last word below.
        }

        HandOverUnpublished();
    }

    private void GoOffline(string cameraId, string reason)
    {
        if (_online.TryRemove(cameraId, out var timer))
        {
            timer.Dispose();
            Publish(cameraId, AvailabilityPayload.Offline, reason);
        }
    }

    private void Publish(string cameraId, string availability, string reason)
    {
        _logger.IngestAvailabilityChanged(cameraId, availability, reason);
        _unpublished.Post(cameraId, availability);
    }

    private void HandOverUnpublished()
    {
        foreach (var (cameraId, availability) in _unpublished.TakeAll())
        {
            var result = _client.TryPublish(TopicOf(cameraId), Encoding.ASCII.GetBytes(availability), MqttQos.AtLeastOnce, retain: true);
            if (result != MqttPublishResult.Accepted)
            {
                _logger.IngestAvailabilityNotPublished(cameraId, availability, $"bridge stopping ({result})");
            }
        }
    }

    private string TopicOf(string cameraId) => new CameraTopics(_instance.Prefix, cameraId).Availability;

    private sealed class Expiry(IngestAvailability owner, string cameraId)
    {
        public void Fire() => owner.GoOffline(cameraId, $"no frame for {owner._offlineAfter.TotalSeconds} s (Bridge:IngestOfflineAfterSeconds)");
    }
}
