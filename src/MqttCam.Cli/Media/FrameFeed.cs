using Microsoft.Extensions.Logging;
using MqttCam.Capture;
using MqttCam.Cli.Broker;
using MqttCam.Imaging;
using MqttCam.Mqtt;
using MqttCam.Core.Settings;
using MqttCam.Core.Topics;

namespace MqttCam.Cli.Media;

/// <summary>Frames from a camera source or, with <c>--from-mqtt</c>, from a running device.</summary>
public static class FrameFeed
{
    /// <returns>Frames handed to <paramref name="onFrame"/>.</returns>
    public static async Task<long> FromSourceAsync(CaptureOptions options, CameraSettings settings, ILoggerFactory loggerFactory, TimeSpan firstFrameTimeout, FrameHandler onFrame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        var source = FrameSourceFactory.Create(options, settings, loggerFactory, TimeProvider.System);
        await using (source.ConfigureAwait(false))
        {
            await source.StartAsync(cancellationToken).ConfigureAwait(false);
            long count = 0;
            while (true)
            {
                JpegFrame? frame;
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    // Only the first frame has a deadline: after that a slow camera (night mode) is still a camera.
                    if (count == 0)
                    {
                        wait.CancelAfter(firstFrameTimeout);
                    }

                    try
                    {
                        frame = await source.Frames.ReadAsync(wait.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        var reason = source.Status.LastError is { } error ? $": {error}" : string.Empty;
                        throw new TimeoutException($"no frame from the {source.Kind} source within {firstFrameTimeout.TotalSeconds:0.#} s{reason}");
                    }
                    catch (System.Threading.Channels.ChannelClosedException)
                    {
                        return count;
                    }
                }

                using (frame)
                {
                    count++;
                    if (!await onFrame(frame.Data, frame.Width, frame.Height, cancellationToken).ConfigureAwait(false))
                    {
                        return count;
                    }
                }
            }
        }
    }

    /// <returns>Frames handed to <paramref name="onFrame"/>; payloads that are not JPEG are skipped.</returns>
    public static async Task<long> FromMqttAsync(MqttClientOptions clientOptions, CameraTopics topics, TimeSpan firstFrameTimeout, FrameHandler onFrame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        ArgumentNullException.ThrowIfNull(topics);
        long count = 0;
        try
        {
            // The deadline is for the first frame; after it the feed runs until the handler or the caller stops it.
            var session = await BrokerSession.OpenAsync(clientOptions, topics.Image, MqttQos.AtMostOnce, firstFrameTimeout, cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                while (true)
                {
                    var message = await session.Client.Messages.ReadAsync(count == 0 ? session.Deadline : cancellationToken).ConfigureAwait(false);
                    if (message.Topic != topics.Image || !JpegCodec.TryReadInfo(message.Payload.Span, out var info))
                    {
                        continue;
                    }

                    count++;
                    if (!await onFrame(message.Payload, info.Width, info.Height, cancellationToken).ConfigureAwait(false))
                    {
                        return count;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no frame on {topics.Image} from {clientOptions.Host}:{clientOptions.Port} within {firstFrameTimeout.TotalSeconds:0.#} s (is the device running?)");
        }
    }
}
