using MqttCam.Device.Publishing;
using MqttCam.Mqtt;

namespace MqttCam.Device;

public sealed partial class CameraDevice
{
    private void OnConnectionStateChanged(object? sender, MqttConnectionStateChangedEventArgs e)
    {
        if (e.State == MqttConnectionState.Connected)
        {
            _background.Run(AnnounceAsync);
        }
        else if (e.State == MqttConnectionState.Disconnected)
        {
            Log.Disconnected(_logger, e.Reason ?? $"code {e.ReasonCode}");
        }
    }

    /// <summary>
    /// After every (re)connect: the broker may have restarted without persistence, so availability, state, discovery
    /// and the latest frame are all published again.
    /// </summary>
    private async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        try
        {
            Log.Connected(_logger, _topics.CameraId);

            // "online" comes last: a consumer that reacts to it (e.g. with remove_discovery) must not be overtaken by
            // the start-up announcement, and finds state and discovery already in place.
            if (_configuration.HomeAssistant.Discovery)
            {
                await PublishDiscoveryAsync(cancellationToken).ConfigureAwait(false);
            }

            await PublishStateAsync(cancellationToken).ConfigureAwait(false);
            await _client.PublishAsync(_topics.Availability, AvailabilityBytes.Online, MqttQos.AtLeastOnce, retain: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            RepublishLatestFrame();
        }
        catch (Exception ex) when (ex is MqttException or ObjectDisposedException or OperationCanceledException)
        {
            Log.AnnounceFailed(_logger, ex);
        }
    }
}
