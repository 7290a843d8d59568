using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using MqttCam.Bridge.Cameras;
using MqttCam.Bridge.Configuration;
using MqttCam.Bridge.Hosting;
using MqttCam.Bridge.Operations;
using MqttCam.Core.Cameras;
using MqttCam.Mqtt;
using MqttCam.Core.Topics;

namespace MqttCam.Bridge.Ingest;

/// <summary>
/// Turns camera messages into camera state: validates frames once, builds the shared <see cref="Frame"/>, and never
/// waits on a client. A rejected payload is counted and logged and the last good frame stays.
/// </summary>
public sealed class CameraMessageHandler(CameraRegistry registry, BridgeMetrics metrics, BridgeInstance instance, IOptions<BridgeOptions> options, TimeProvider timeProvider, ILogger<CameraMessageHandler> logger)
{
    private const int MaxStateBytes = 256 * 1024;

    private readonly BridgeOptions _options = options.Value;

    /// <summary>One message on a camera's image, snapshot, availability or state topic (routed by <see cref="BridgeMqttService"/>).</summary>
    public void Handle(string cameraId, CameraTopicKind kind, MqttMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!CameraId.IsValid(cameraId))
        {
            return;
        }

        // A retained message being cleared arrives empty; it carries nothing to show.
        if (message.Payload.IsEmpty)
        {
            return;
        }

        var isNew = !registry.TryGet(cameraId, out var camera);
        camera ??= registry.GetOrAdd(cameraId, bringsFrame: kind is CameraTopicKind.Image or CameraTopicKind.Snapshot);
        if (camera is null)
        {
            metrics.CameraLimitReached();
            logger.CameraLimitReached(message.Topic, _options.MaxCameras);
            return;
        }

        if (isNew)
        {
            logger.CameraDiscovered(camera.Id);
        }

        switch (kind)
        {
            case CameraTopicKind.Image:
                if (TryCreateFrame(camera, message) is { } frame)
                {
                    registry.AcceptFrame(camera, frame);
                }

                break;
            case CameraTopicKind.Snapshot:
                if (TryCreateFrame(camera, message) is { } snapshot)
                {
                    camera.PublishSnapshot(snapshot);
                }

                break;
            case CameraTopicKind.Availability:
                HandleAvailability(camera, message.Payload.Span);
                break;
            case CameraTopicKind.State:
                HandleState(camera, message.Payload);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only image, snapshot, availability and state topics carry camera data.");
        }

        registry.NotifyUpdated(camera);
    }

    private Frame? TryCreateFrame(CameraHub camera, MqttMessage message)
    {
        var payload = message.Payload;
        if (!FrameValidation.TryValidate(payload.Span, _options.MaxImageBytes, out var info, out var reason))
        {
            metrics.PayloadRejected();
            logger.FrameRejected(message.Topic, payload.Length, reason);
            return null;
        }

        var now = timeProvider.GetUtcNow();
        var ingest = camera.NextIngestNumber();
        var metadata = FrameMetadata.FromUserProperties(message.Properties?.UserProperties);
        var sequence = metadata.Sequence ?? ingest;
        var capturedAt = metadata.CapturedAt ?? now;
        return Frame.Create(camera.Id, sequence, ingest, capturedAt, now, payload, info.Width, info.Height, instance.Tag);
    }

    private void HandleAvailability(CameraHub camera, ReadOnlySpan<byte> payload)
    {
        string availability;
        if (payload.SequenceEqual("online"u8))
        {
            availability = AvailabilityPayload.Online;
        }
        else if (payload.SequenceEqual("offline"u8))
        {
            availability = AvailabilityPayload.Offline;
        }
        else
        {
            logger.StateRejected(camera.Id, "availability must be \"online\" or \"offline\"");
            return;
        }

        if (!string.Equals(camera.Availability, availability, StringComparison.Ordinal))
        {
            camera.SetAvailability(availability);
            logger.AvailabilityChanged(camera.Id, availability);
        }
    }

    private void HandleState(CameraHub camera, ReadOnlyMemory<byte> payload)
    {
        if (payload.Length > MaxStateBytes)
        {
            metrics.PayloadRejected();
            logger.StateRejected(camera.Id, $"state is {payload.Length} bytes; the limit is {MaxStateBytes}");
            return;
        }

        try
        {
            var node = JsonNode.Parse(payload.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
            if (node is not JsonObject)
            {
                metrics.PayloadRejected();
                logger.StateRejected(camera.Id, "state must be a JSON object");
                return;
            }

            camera.SetState(node);
        }
        catch (JsonException ex)
        {
            metrics.PayloadRejected();
            logger.StateRejected(camera.Id, string.Concat("state is not valid JSON: ", ex.Message));
        }
        catch (DecoderFallbackException ex)
        {
            metrics.PayloadRejected();
            logger.StateRejected(camera.Id, string.Concat("state is not UTF-8: ", ex.Message));
        }
    }
}
