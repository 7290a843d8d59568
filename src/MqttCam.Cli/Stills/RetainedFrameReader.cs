using MqttCam.Capture.Stills;
using MqttCam.Cli.Broker;
using MqttCam.Imaging;
using MqttCam.Mqtt;
using MqttCam.Core.Topics;

namespace MqttCam.Cli.Stills;

/// <summary>
/// Reads the latest frame of a running MqttCam device: the broker hands a new subscriber the retained message on
/// <c>&lt;prefix&gt;/&lt;id&gt;/image</c> at once, so this costs one connect and one message, not a capture.
/// </summary>
public static class RetainedFrameReader
{
    /// <exception cref="TimeoutException">No frame in time (device never published, or the broker is unreachable).</exception>
    /// <exception cref="InvalidDataException">The retained payload is not a JPEG.</exception>
    public static async Task<CapturedImage> ReadAsync(MqttClientOptions clientOptions, CameraTopics topics, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientOptions);
        ArgumentNullException.ThrowIfNull(topics);
        try
        {
            var session = await BrokerSession.OpenAsync(clientOptions, topics.Image, MqttQos.AtMostOnce, timeout, cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                await foreach (var message in session.Client.Messages.ReadAllAsync(session.Deadline).ConfigureAwait(false))
                {
                    if (message.Topic != topics.Image || message.Payload.IsEmpty)
                    {
                        // An empty retained payload means "cleared"; wait for a real frame.
                        continue;
                    }

                    return ToImage(message);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The deadline: reported below.
        }

        throw new TimeoutException(
            $"no frame on {topics.Image} from {clientOptions.Host}:{clientOptions.Port} within {timeout.TotalSeconds:0.#} s (is the device running and connected to this broker?)");
    }

    private static CapturedImage ToImage(MqttMessage message)
    {
        var jpeg = message.Payload.ToArray();
        if (!JpegCodec.TryReadInfo(jpeg, out var info))
        {
            throw new InvalidDataException($"the retained payload on {message.Topic} ({jpeg.Length} bytes) is not a JPEG");
        }

        var metadata = FrameMetadata.FromUserProperties(message.Properties?.UserProperties);
        return new CapturedImage(jpeg, info.Width, info.Height, metadata.Sequence ?? 0, metadata.CapturedAt ?? DateTimeOffset.MinValue);
    }
}
