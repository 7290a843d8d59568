using MqttCam.Device.HomeAssistant;
using MqttCam.Mqtt;
using MqttCam.Device.Publishing;

namespace MqttCam.Device;

public sealed partial class CameraDevice
{
    private HomeAssistantDiscovery Discovery => new(_configuration.HomeAssistant, _topics, s_version);

    /// <summary>Home Assistant restarted: re-announce after a random delay so a house full of devices does not answer at once.</summary>
    private void OnHomeAssistantStatus(ReadOnlySpan<byte> payload)
    {
        if (!payload.SequenceEqual(AvailabilityBytes.Online.Span) || !_configuration.HomeAssistant.Discovery)
        {
            return;
        }

        var delay = TimeSpan.FromSeconds(Random.Shared.NextDouble() * _configuration.HomeAssistant.RediscoveryMaxDelaySeconds);
        _background.Run(async cancellationToken =>
        {
            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                await PublishDiscoveryAsync(cancellationToken).ConfigureAwait(false);
                await PublishStateAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MqttException or ObjectDisposedException or OperationCanceledException)
            {
                Log.AnnounceFailed(_logger, ex);
            }
        });
    }

    private async Task<int> PublishDiscoveryAsync(CancellationToken cancellationToken)
    {
        var messages = Discovery.Build(Settings, _source?.Kind ?? "camera", _source?.ReportsExposure == true);
        await PublishAllAsync(messages, cancellationToken).ConfigureAwait(false);
        Log.DiscoveryPublished(_logger, _topics.CameraId, messages.Count);
        return messages.Count;
    }

    private async Task<int> RemoveDiscoveryAsync(CancellationToken cancellationToken)
    {
        var messages = Discovery.BuildRemoval(Settings);
        await PublishAllAsync(messages, cancellationToken).ConfigureAwait(false);
        Log.DiscoveryRemoved(_logger, _topics.CameraId);
        return messages.Count;
    }

    private async Task PublishAllAsync(IReadOnlyList<DiscoveryMessage> messages, CancellationToken cancellationToken)
    {
        var properties = new MqttMessageProperties { ContentType = "application/json" };
        foreach (var message in messages)
        {
            await _client.PublishAsync(message.Topic, message.Payload, MqttQos.AtLeastOnce, retain: true, message.Payload.Length == 0 ? null : properties, cancellationToken).ConfigureAwait(false);
        }
    }
}
