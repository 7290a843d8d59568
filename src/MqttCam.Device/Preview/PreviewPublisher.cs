using Microsoft.Extensions.Logging;
using MqttCam.Capture;
using MqttCam.Device.Demand;
using MqttCam.Device.Feed;
using MqttCam.Device.Publishing;
using MqttCam.Device.Settings;
using MqttCam.Imaging;
using MqttCam.Mqtt;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Preview;

/// <summary>
/// The frame sink that publishes the small retained JPEG on <c>preview</c> (longest side <c>preview_size</c>): at
/// every idle frame (as <see cref="CameraDemand"/> decides) and at motion start and end. Dashboards and Home
/// Assistant's image entity read it instead of the full-rate <c>image</c>.
/// </summary>
public sealed class PreviewPublisher(CurrentSettings settings, CameraTopics topics, MqttClient client, CameraDemand demand, ILogger<PreviewPublisher> logger) : IFrameSink
{
    private readonly PreviewMaker _maker = new();
    private long _lastSequence = -1;
    private int _pending;
    private bool _refusalLogged;

    public void OnFrame(JpegFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (demand.Current.PublishPreview || Interlocked.Exchange(ref _pending, 0) == 1)
        {
            Publish(frame);
        }
    }

    /// <summary>Publishes a preview of the next frame (motion ended between frames).</summary>
    public void RequestNext() => Interlocked.Exchange(ref _pending, 1);

    /// <summary>Publishes a preview of <paramref name="frame"/> now (motion started on it). Call on the frame path.</summary>
    public void Publish(JpegFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var current = settings.Value;
        if (!current.Preview || !current.Streaming || frame.Sequence == _lastSequence)
        {
            return;
        }

        if (!_maker.TryMake(frame.Data.Span, current.PreviewSize, current.Quality, out var preview, out var refusal))
        {
            if (!_refusalLogged)
            {
                logger.PreviewRefused(refusal ?? "unknown");
                _refusalLogged = true;
            }

            return;
        }

        _refusalLogged = false;
        _lastSequence = frame.Sequence;
        var info = JpegCodec.ReadInfo(preview.Span);
        client.TryPublish(topics.Preview, preview, MqttQos.AtMostOnce, retain: true, FrameMessageProperties.For(frame.Sequence, frame.CapturedAt, info.Width, info.Height));
    }
}
