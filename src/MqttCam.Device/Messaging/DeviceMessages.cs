using Microsoft.Extensions.Logging;
using MqttCam.Core.Contracts;
using MqttCam.Device.Announcing;
using MqttCam.Device.Commands;
using MqttCam.Device.Configuration;
using MqttCam.Device.Demand;
using MqttCam.Device.Settings;
using MqttCam.Mqtt;
using MqttCam.Mqtt.Routing;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Messaging;

/// <summary>
/// The device's inbox: which topic goes to which owner (the route table below is the whole list), the
/// subscriptions that follow from it, and the loop that reads the client's messages one at a time.
/// </summary>
public sealed class DeviceMessages(
    DeviceConfiguration configuration,
    CameraTopics topics,
    MqttClient client,
    SettingsService settings,
    CommandTable commands,
    Announcer announcer,
    Replies replies,
    CameraDemand demand,
    ILogger<DeviceMessages> logger)
{
    private readonly TopicRouter _router = Routes(configuration, topics, settings, commands, announcer, replies, demand);

    /// <summary>
    /// Registered before connecting: the client sends them ahead of the "online" announcement on every (re)connect,
    /// so a consumer that sees "online" knows commands will be heard.
    /// </summary>
    public async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        foreach (var filter in _router.Filters)
        {
            await client.SubscribeAsync(filter, MqttQos.AtLeastOnce, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in client.Messages.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await _router.RouteAsync(message, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Whatever arrives, the device keeps running and the sender hears about it.
                    logger.CommandFailed(message.Topic, ex);
                    replies.Reply(message, CommandResponse.Failure(null, $"internal error: {ex.Message}", null));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>The route table: one row per topic the device listens to. Requests are guarded by <see cref="Replies.Guarded(Func{MqttMessage, CancellationToken, Task})"/>.</summary>
    private static TopicRouter Routes(DeviceConfiguration configuration, CameraTopics topics, SettingsService settings, CommandTable commands, Announcer announcer, Replies replies, CameraDemand demand)
    {
        var router = new TopicRouter()
            .Map(topics.Set, replies.Guarded(settings.HandlePatchAsync))
            .MapLevel(topics.Set, replies.Guarded(settings.HandlePlainAsync))
            .Map(topics.Command, replies.Guarded(commands.HandleAsync))
            .MapLevel(topics.WatchRoot, demand.OnWatchAsync);
        return configuration.HomeAssistant.Discovery
            ? router.Map(configuration.HomeAssistant.StatusTopic, announcer.OnHomeAssistantStatusAsync)
            : router;
    }
}
