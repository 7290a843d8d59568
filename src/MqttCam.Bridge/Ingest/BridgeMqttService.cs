using Microsoft.Extensions.Options;
using MqttCam.Bridge.Control;
using MqttCam.Bridge.Hosting;
using MqttCam.Core.Cameras;
using MqttCam.Mqtt;
using MqttCam.Mqtt.Configuration;
using MqttCam.Mqtt.Routing;
using MqttCam.Core.Topics;

namespace MqttCam.Bridge.Ingest;

/// <summary>
/// Connects to the broker, subscribes to every camera's image, snapshot, availability, state and response topics
/// (and this bridge's reply topic), and routes each message in order: camera data to <see cref="CameraMessageHandler"/>,
/// command responses to <see cref="DeviceCommandClient"/>.
/// </summary>
internal sealed class BridgeMqttService : BackgroundService
{
    /// <summary>The camera topics that carry what the bridge serves, and how each is read.</summary>
    private static readonly (string Leaf, CameraTopicKind Kind)[] s_cameraData =
    [
        ("image", CameraTopicKind.Image),
        ("snapshot", CameraTopicKind.Snapshot),
        ("availability", CameraTopicKind.Availability),
        ("state", CameraTopicKind.State),
    ];

    private readonly MqttClient _client;
    private readonly TopicRouter _router;
    private readonly BridgeInstance _instance;
    private readonly MqttOptions _mqttOptions;
    private readonly SubscriptionStatus _status;
    private readonly ILogger<BridgeMqttService> _logger;

    public BridgeMqttService(MqttClient client, CameraMessageHandler handler, DeviceCommandClient commands, BridgeInstance instance, IOptions<MqttOptions> mqttOptions, SubscriptionStatus status, ILogger<BridgeMqttService> logger)
    {
        _client = client;
        _router = Routes(instance, handler, commands);
        _instance = instance;
        _mqttOptions = mqttOptions.Value;
        _status = status;
        _logger = logger;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // A broker that is down at boot is normal: the client retries in the background and the HTTP side starts anyway.
        _client.Start();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var consume = ConsumeAsync(stoppingToken);
        try
        {
            // While disconnected a subscribe is only remembered (and sent on connect, unacknowledged): waiting for the
            // broker first makes each subscribe wait for its SUBACK, so "subscribed" means the broker has them.
            await WaitForBrokerAsync(stoppingToken).ConfigureAwait(false);
            foreach (var filter in _router.Filters)
            {
                await SubscribeAsync(filter, stoppingToken).ConfigureAwait(false);
            }

            _status.MarkSubscribed();
            _logger.BridgeSubscribed(_instance.Prefix, _mqttOptions.Host, _mqttOptions.Port);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped before the broker was reached.
        }

        await consume.ConfigureAwait(false);
    }

    private async Task WaitForBrokerAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await _client.WaitUntilConnectedAsync(stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (MqttException)
            {
                // Refused (credentials, authorisation): the client has logged why and tries again after its delay.
            }
        }
    }

    private async Task SubscribeAsync(string filter, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await _client.SubscribeAsync(filter, MqttQos.AtMostOnce, stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (MqttException ex)
            {
                // Subscriptions are remembered by the client, so a failure here only happens while disconnected.
                _logger.SubscribeFailed(filter, ex);
                await _client.WaitUntilConnectedAsync(stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await foreach (var message in _client.Messages.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await _router.RouteAsync(message, stoppingToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // One bad message must never stop the bridge from receiving the next.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    _logger.MessageHandlingFailed(message.Topic, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The route table: one row per topic filter the bridge listens to.</summary>
    private static TopicRouter Routes(BridgeInstance instance, CameraMessageHandler handler, DeviceCommandClient commands)
    {
        var router = new TopicRouter();
        foreach (var (leaf, kind) in s_cameraData)
        {
            router.MapFilter(CameraTopicParser.AllCameras(instance.Prefix, leaf), (message, levels, _) =>
            {
                handler.Handle(levels[0], kind, message);
                return Task.CompletedTask;
            });
        }

        return router
            .MapFilter(CameraTopicParser.AllCameras(instance.Prefix, "response"), (message, levels, _) => HandleResponse(commands, message, CameraId.IsValid(levels[0])))
            .MapFilter(instance.ReplySubscription, (message, levels, _) => HandleResponse(commands, message, levels[0].Length > 0));
    }

    private static Task HandleResponse(DeviceCommandClient commands, MqttMessage message, bool fromCamera)
    {
        if (fromCamera)
        {
            commands.HandleResponse(message);
        }

        return Task.CompletedTask;
    }
}
