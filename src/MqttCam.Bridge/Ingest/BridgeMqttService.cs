using Microsoft.Extensions.Options;
using MqttCam.Bridge.Hosting;
using MqttCam.Mqtt;
using MqttCam.Mqtt.Configuration;
using MqttCam.Topics;

namespace MqttCam.Bridge.Ingest;

/// <summary>
/// Connects to the broker, subscribes to every camera's image, snapshot, availability, state and response topics
/// (and this bridge's reply topic), and hands each message to <see cref="CameraMessageHandler"/> in order.
/// </summary>
internal sealed class BridgeMqttService : BackgroundService
{
    private readonly MqttClient _client;
    private readonly CameraMessageHandler _handler;
    private readonly BridgeInstance _instance;
    private readonly MqttOptions _mqttOptions;
    private readonly SubscriptionStatus _status;
    private readonly ILogger<BridgeMqttService> _logger;

    public BridgeMqttService(MqttClient client, CameraMessageHandler handler, BridgeInstance instance, IOptions<MqttOptions> mqttOptions, SubscriptionStatus status, ILogger<BridgeMqttService> logger)
    {
        _client = client;
        _handler = handler;
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
        string[] filters =
        [
            CameraTopicParser.AllCameras(_instance.Prefix, "image"),
            CameraTopicParser.AllCameras(_instance.Prefix, "snapshot"),
            CameraTopicParser.AllCameras(_instance.Prefix, "availability"),
            CameraTopicParser.AllCameras(_instance.Prefix, "state"),
            CameraTopicParser.AllCameras(_instance.Prefix, "response"),
            _instance.ReplySubscription,
        ];

        var consume = ConsumeAsync(stoppingToken);
        foreach (var filter in filters)
        {
            await SubscribeAsync(filter, stoppingToken).ConfigureAwait(false);
        }

        _status.MarkSubscribed();
        _logger.BridgeSubscribed(_instance.Prefix, _mqttOptions.Host, _mqttOptions.Port);
        await consume.ConfigureAwait(false);
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
                    _handler.Handle(message);
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
}
