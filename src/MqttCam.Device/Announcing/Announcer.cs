using Microsoft.Extensions.Logging;
using MqttCam.Device.Configuration;
using MqttCam.Device.Feed;
using MqttCam.Device.HomeAssistant;
using MqttCam.Device.Hosting;
using MqttCam.Device.Motion;
using MqttCam.Device.Publishing;
using MqttCam.Device.Settings;
using MqttCam.Mqtt;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Announcing;

/// <summary>
/// What the device says about itself besides the state: availability, the Home Assistant discovery configs (built
/// by <see cref="HomeAssistantDiscovery"/>) and, after every (re)connect, everything again in a fixed order.
/// </summary>
public sealed class Announcer(
    DeviceConfiguration configuration,
    CameraTopics topics,
    MqttClient client,
    CurrentSettings settings,
    LiveFeed feed,
    ImagePublisher images,
    MotionSink motion,
    StatePublisher state,
    BackgroundWork background,
    TimeProvider time,
    ILogger<Announcer> logger)
{
    private readonly HomeAssistantDiscovery _discovery = new(configuration.HomeAssistant, topics, StatePublisher.Version);

    /// <summary>
    /// After every (re)connect: the broker may have restarted without persistence, so availability, state, discovery
    /// and the latest frame are all published again.
    /// </summary>
    public async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        try
        {
            logger.Connected(topics.CameraId);

            // "online" comes last: a consumer that reacts to it (e.g. with remove_discovery) must not be overtaken by
            // the start-up announcement, and finds state and discovery already in place.
            if (configuration.HomeAssistant.Discovery)
            {
                await PublishDiscoveryAsync(cancellationToken).ConfigureAwait(false);
            }

            await state.PublishAsync(cancellationToken).ConfigureAwait(false);
            await client.PublishAsync(topics.Availability, AvailabilityBytes.Online, MqttQos.AtLeastOnce, retain: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            feed.WithLatest(images.Republish);
            motion.Republish();
        }
        catch (Exception ex) when (ex is MqttException or ObjectDisposedException or OperationCanceledException)
        {
            logger.AnnounceFailed(ex);
        }
    }

    /// <summary>A clean disconnect does not fire the last will, so the device says "offline" itself before leaving.</summary>
    public async Task AnnounceOfflineAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (client.IsConnected)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                await client.PublishAsync(topics.Availability, AvailabilityBytes.Offline, MqttQos.AtLeastOnce, retain: true, cancellationToken: timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is MqttException or OperationCanceledException)
        {
            logger.StatePublishFailed(ex.Message);
        }
    }

    /// <summary>Home Assistant restarted: re-announce after a random delay so a house full of devices does not answer at once.</summary>
    public Task OnHomeAssistantStatusAsync(MqttMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.Payload.Span.SequenceEqual(AvailabilityBytes.Online.Span) || !configuration.HomeAssistant.Discovery)
        {
            return Task.CompletedTask;
        }

        var delay = TimeSpan.FromSeconds(Random.Shared.NextDouble() * configuration.HomeAssistant.RediscoveryMaxDelaySeconds);
        background.Run(async stopping =>
        {
            try
            {
                await Task.Delay(delay, time, stopping).ConfigureAwait(false);
                await PublishDiscoveryAsync(stopping).ConfigureAwait(false);
                await state.PublishAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MqttException or ObjectDisposedException or OperationCanceledException)
            {
                logger.AnnounceFailed(ex);
            }
        });
        return Task.CompletedTask;
    }

    public async Task<int> PublishDiscoveryAsync(CancellationToken cancellationToken)
    {
        var messages = _discovery.Build(settings.Value, feed.SourceKind, feed.Source?.ReportsExposure == true);
        await PublishAllAsync(messages, cancellationToken).ConfigureAwait(false);
        logger.DiscoveryPublished(topics.CameraId, messages.Count);
        return messages.Count;
    }

    public async Task<int> RemoveDiscoveryAsync(CancellationToken cancellationToken)
    {
        var messages = _discovery.BuildRemoval(settings.Value);
        await PublishAllAsync(messages, cancellationToken).ConfigureAwait(false);
        logger.DiscoveryRemoved(topics.CameraId);
        return messages.Count;
    }

    private async Task PublishAllAsync(IReadOnlyList<DiscoveryMessage> messages, CancellationToken cancellationToken)
    {
        var properties = new MqttMessageProperties { ContentType = "application/json" };
        foreach (var message in messages)
        {
            await client.PublishAsync(message.Topic, message.Payload, MqttQos.AtLeastOnce, retain: true, message.Payload.Length == 0 ? null : properties, cancellationToken).ConfigureAwait(false);
        }
    }
}
