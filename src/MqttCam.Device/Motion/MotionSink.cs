using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MqttCam.Capture;
using MqttCam.Core.Contracts;
using MqttCam.Core.Settings;
using MqttCam.Core.Topics;
using MqttCam.Device.Demand;
using MqttCam.Device.Feed;
using MqttCam.Device.Hosting;
using MqttCam.Device.Preview;
using MqttCam.Device.Settings;
using MqttCam.Mqtt;

namespace MqttCam.Device.Motion;

/// <summary>
/// The frame sink that looks for motion: analyses up to <see cref="MotionDetector.MaxAnalysisFps"/> frames a
/// second (also while idle), and on start and end publishes <c>motion</c> (retained ON/OFF), the <c>event</c> JSON
/// and a preview, and keeps the camera live through <see cref="CameraDemand"/> until <c>motion_hold</c> of quiet.
/// </summary>
public sealed class MotionSink(CurrentSettings settings, CameraTopics topics, MqttClient client, CameraDemand demand, PreviewPublisher preview, BackgroundWork background, TimeProvider time, ILogger<MotionSink> logger) : IFrameSink
{
    private static readonly ReadOnlyMemory<byte> s_on = "ON"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> s_off = "OFF"u8.ToArray();

    private readonly MotionDetector _detector = new(OptionsFrom(settings.Value), time);
    private readonly FramePacer _pacer = new(time);
    private readonly Lock _gate = new();
    private readonly ScheduledCheck _holdCheck = new(time);
    private CameraSettings? _applied;
    private bool _refusalLogged;

    public bool IsActive
    {
        get
        {
            lock (_gate)
            {
                return _detector.IsActive;
            }
        }
    }

    public void OnFrame(JpegFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var current = settings.Value;
        MotionEvent? happened = null;
        DateTimeOffset? holdEnds = null;
        lock (_gate)
        {
            bool changed = !ReferenceEquals(current, _applied);
            if (changed)
            {
                _applied = current;
                happened = current.Motion ? null : _detector.Reset();
                _detector.Update(OptionsFrom(current));
            }

            if (current.Motion && _pacer.TryTake(Math.Min(MotionDetector.MaxAnalysisFps, current.EffectiveFps)))
            {
                if (_detector.TryAnalyse(frame.Data.Span, frame.Sequence, out var result, out var refusal))
                {
                    happened ??= result.Event;
                    _refusalLogged = false;
                }
                else if (!_refusalLogged)
                {
                    logger.MotionFrameRefused(refusal ?? "unknown");
                    _refusalLogged = true;
                }
            }

            // The hold is timed only while motion is active: from its start, and again when motion_hold changes.
            if (changed || happened is { State: MotionEventState.Start })
            {
                holdEnds = _detector.HoldEndsAt;
            }

            // Announced inside the gate, so a start and the hold check's end go out in the order they happened.
            if (happened is { } motion)
            {
                Announce(motion);
            }
        }

        if (holdEnds is { } due)
        {
            _holdCheck.RunBy(due);
        }

        if (happened is not null)
        {
            preview.Publish(frame);
        }
    }

    /// <summary>Ends motion after the hold even when frames stop coming, until <paramref name="stoppingToken"/>.</summary>
    public Task RunAsync(CancellationToken stoppingToken) => _holdCheck.RunAsync(CheckHold, stoppingToken);

    /// <summary>The retained ON/OFF again (after a reconnect the broker may have lost it).</summary>
    public void Republish() =>
        client.TryPublish(topics.Motion, IsActive ? s_on : s_off, MqttQos.AtLeastOnce, retain: true);

    public static MotionOptions OptionsFrom(CameraSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new MotionOptions(settings.MotionSensitivity, settings.MotionMinAreaPercent, settings.MotionRoi, TimeSpan.FromSeconds(settings.MotionHoldSeconds));
    }

    /// <summary>The <c>event</c> payload (docs/mqtt-api.md, "Demand").</summary>
    public static byte[] EventJson(MotionEvent motion) =>
        JsonSerializer.SerializeToUtf8Bytes<JsonNode>(new JsonObject
        {
            ["type"] = "motion",
            ["state"] = StateName(motion.State),
            ["score"] = Math.Round(motion.Score, 3),
            ["area"] = Math.Round(motion.AreaPercent, 2),
            ["sequence"] = motion.Sequence,
            ["at"] = motion.At,
        }, ContractJson.NodeTypeInfo);

    /// <summary>The hold check: ends motion whose hold has passed; returns when the hold of an active one ends.</summary>
    private DateTimeOffset? CheckHold()
    {
        MotionEvent? ended;
        DateTimeOffset? next;
        lock (_gate)
        {
            ended = _detector.CheckHold();
            next = _detector.HoldEndsAt;
            if (ended is { } motion)
            {
                Announce(motion);
            }
        }

        if (ended is not null)
        {
            preview.RequestNext();
        }

        return next;
    }

    private static string StateName(MotionEventState state) => state == MotionEventState.Start ? "start" : "end";

    /// <summary>Called inside <see cref="_gate"/>: only quick work here (the publishes run in the background).</summary>
    private void Announce(MotionEvent motion)
    {
        var active = motion.State == MotionEventState.Start;
        demand.SetMotion(active);
        var payload = EventJson(motion);

        // Unlike frames, events must not be dropped when the link is busy: they wait for room, in order.
        background.Run(async cancellationToken =>
        {
            try
            {
                await client.PublishAsync(topics.Motion, active ? s_on : s_off, MqttQos.AtLeastOnce, retain: true, cancellationToken: cancellationToken).ConfigureAwait(false);
                await client.PublishAsync(topics.Event, payload, MqttQos.AtLeastOnce, retain: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MqttException or ObjectDisposedException or OperationCanceledException)
            {
                // Offline or stopping: the retained ON/OFF is published again on the next connect.
                logger.MotionPublishFailed(ex.Message);
            }
        });
        logger.Motion(motion.State, topics.CameraId, motion.Score, motion.AreaPercent, motion.Sequence);
    }
}
