using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MqttCam.Bridge.Cameras;
using MqttCam.Bridge.Configuration;
using MqttCam.Bridge.Hosting;
using MqttCam.Bridge.Operations;
using MqttCam.Mqtt;
using MqttCam.Core.Topics;

namespace MqttCam.Bridge.Ingest;

/// <summary>
/// Publishes frames that reach the bridge over HTTP upload or the TCP stream RETAINED on the camera's image topic, so
/// an HTTP camera looks like any MQTT camera to every consumer; the bridge then serves them from its own subscription.
/// </summary>
public sealed class FrameRepublisher
{
    private static readonly TimeSpan s_echoTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(string CameraId, long Sequence), TaskCompletionSource> _awaitingEcho = new();
    private readonly MqttClient _client;
    private readonly BridgeInstance _instance;
    private readonly BridgeOptions _options;
    private readonly BridgeMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FrameRepublisher> _logger;
    private readonly IngestAvailability _availability;
    private long _sequence;

    public FrameRepublisher(MqttClient client, BridgeInstance instance, CameraRegistry registry, IOptions<BridgeOptions> options, BridgeMetrics metrics, TimeProvider timeProvider, IngestAvailability availability, ILogger<FrameRepublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _client = client;
        _availability = availability;
        _instance = instance;
        _options = options.Value;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;

        // Starting at the clock keeps sequences increasing across bridge restarts (retained frames survive them).
        _sequence = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        registry.FrameAccepted += OnFrameAccepted;
    }

    /// <summary>Publishes and waits (briefly) until the bridge receives the frame back, so a following GET sees it.</summary>
    public async Task<RepublishResult> PublishAsync(string cameraId, ReadOnlyMemory<byte> jpeg, CancellationToken cancellationToken)
    {
        if (!TryPrepare(cameraId, jpeg, out var sequence, out var properties, out var rejected))
        {
            return rejected;
        }

        var echo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaitingEcho[(cameraId, sequence)] = echo;
        try
        {
            await _client.PublishAsync(TopicsOf(cameraId).Image, jpeg, MqttQos.AtLeastOnce, retain: true, properties, cancellationToken).ConfigureAwait(false);
            Accepted(cameraId, jpeg.Length);
            try
            {
                await echo.Task.WaitAsync(s_echoTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
                return new RepublishResult(RepublishStatus.Served, sequence, null);
            }
            catch (TimeoutException)
            {
                return new RepublishResult(RepublishStatus.Published, sequence, null);
            }
        }
        catch (MqttException ex)
        {
            return NotPublished(cameraId, sequence, ex.Message);
        }
        finally
        {
            _awaitingEcho.TryRemove((cameraId, sequence), out _);
        }
    }

    /// <summary>Never waits: a live stream drops a frame rather than queueing stale ones.</summary>
    public RepublishResult TryPublish(string cameraId, ReadOnlyMemory<byte> jpeg)
    {
        if (!TryPrepare(cameraId, jpeg, out var sequence, out var properties, out var rejected))
        {
            return rejected;
        }

        var result = _client.TryPublish(TopicsOf(cameraId).Image, jpeg, MqttQos.AtMostOnce, retain: true, properties);
        if (result != MqttPublishResult.Accepted)
        {
            return NotPublished(cameraId, sequence, result == MqttPublishResult.Backpressure ? "the MQTT publish window is full" : "not connected to the MQTT broker");
        }

        Accepted(cameraId, jpeg.Length);
        return new RepublishResult(RepublishStatus.Published, sequence, null);
    }

    private bool TryPrepare(string cameraId, ReadOnlyMemory<byte> jpeg, out long sequence, out MqttMessageProperties properties, out RepublishResult rejected)
    {
        sequence = Interlocked.Increment(ref _sequence);
        properties = null!;
        if (!FrameValidation.TryValidate(jpeg.Span, _options.MaxImageBytes, out var info, out var reason))
        {
            _metrics.UploadRejected();
            _logger.UploadRejected(cameraId, reason);
            rejected = new RepublishResult(RepublishStatus.Rejected, sequence, reason);
            return false;
        }

        properties = new MqttMessageProperties
        {
            ContentType = FrameUserProperties.ContentType,
            UserProperties = new FrameMetadata(sequence, _timeProvider.GetUtcNow(), info.Width, info.Height).ToUserProperties(),
        };
        rejected = null!;
        return true;
    }

    private CameraTopics TopicsOf(string cameraId) => new(_instance.Prefix, cameraId);

    /// <summary>The camera's stream ended (TCP zero length or closed connection): it is offline now.</summary>
    public void StreamEnded(string cameraId, string reason) => _availability.Ended(cameraId, reason);

    private void Accepted(string cameraId, int bytes)
    {
        _metrics.UploadAccepted();
        _availability.FrameArrived(cameraId);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.UploadAccepted(cameraId, bytes, TopicsOf(cameraId).Image);
        }
    }

    private RepublishResult NotPublished(string cameraId, long sequence, string reason)
    {
        _metrics.UploadRejected();
        _logger.UploadRejected(cameraId, reason);
        return new RepublishResult(RepublishStatus.NotPublished, sequence, reason);
    }

    private void OnFrameAccepted(Frame frame)
    {
        if (!_awaitingEcho.IsEmpty && _awaitingEcho.TryGetValue((frame.CameraId, frame.Sequence), out var echo))
        {
            echo.TrySetResult();
        }
    }
}
