using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MqttCam.Device.Announcing;
using MqttCam.Device.Configuration;
using MqttCam.Device.Demand;
using MqttCam.Device.Feed;
using MqttCam.Device.Hosting;
using MqttCam.Device.Messaging;
using MqttCam.Device.Motion;
using MqttCam.Device.Settings;
using MqttCam.Device.Timelapse;
using MqttCam.Mqtt;
using MqttCam.Core.Topics;

namespace MqttCam.Device;

/// <summary>
/// The device host: starts and stops the owners, in the order written here and nowhere else. The work is theirs:
/// <see cref="LiveFeed"/> (source, frames, frame sinks), <see cref="DeviceMessages"/> (topic routes to the settings
/// service and the command table), <see cref="StatePublisher"/> and <see cref="Announcer"/>. Every background task
/// is either one of the loops below or tracked by <see cref="BackgroundWork"/>; stop awaits both.
/// </summary>
public sealed class CameraDevice(
    DeviceConfiguration configuration,
    CameraTopics topics,
    MqttClient client,
    CurrentSettings settings,
    LiveFeed feed,
    DeviceMessages messages,
    StatePublisher state,
    CameraDemand demand,
    MotionSink motion,
    Announcer announcer,
    TimelapseControl timelapse,
    BackgroundWork background,
    ILogger<CameraDevice> logger) : BackgroundService
{
    /// <summary>
    /// The start order: (0) connection events are watched (each connect announces the camera); (1) subscriptions are registered (the client sends them on every connect, ahead of
    /// "online"); (2) the client starts connecting in the background (the broker may be down at boot); (3) the
    /// source starts; (4) the feed, the message loop, the state loop, the lease expiry and the motion hold run until stop.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var initial = settings.Value;
        var sourceKind = configuration.Capture.Source.ToString().ToLowerInvariant();
        logger.Starting(topics.CameraId, sourceKind, initial.Width, initial.Height, initial.EffectiveFps, initial.Quality, configuration.Mqtt.Host, configuration.Mqtt.Port, topics.Root);

        client.ConnectionStateChanged += OnConnectionStateChanged;
        await messages.SubscribeAsync(stoppingToken).ConfigureAwait(false);
        client.Start();
        await feed.StartAsync(stoppingToken).ConfigureAwait(false);

        await Task.WhenAll(
            feed.RunAsync(stoppingToken),
            messages.RunAsync(stoppingToken),
            state.RunAsync(stoppingToken),
            demand.RunAsync(stoppingToken),
            motion.RunAsync(stoppingToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// The one place the shutdown order is written: (1) the loops stop (feed, messages, state, leases, motion); (2) "offline" is
    /// published while the client still works; (3) background work (captures, recordings, replies, announcements)
    /// and the timelapse are cancelled; (4) the client is disposed, which ends any publish still waiting for the
    /// broker; (5) background work is awaited, bounded; (6) the source stops (its child processes are reaped) and
    /// the latest frame is released.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await announcer.AnnounceOfflineAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            background.Cancel();
            await timelapse.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await client.DisposeAsync().ConfigureAwait(false);

            // Real time on purpose: this bounds shutdown itself, and an injected test clock may never advance.
            if (!await background.WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System).ConfigureAwait(false))
            {
                logger.BackgroundWorkOutlived(topics.CameraId, background.Count);
            }

            await feed.StopAsync().ConfigureAwait(false);
            logger.Stopped(topics.CameraId);
        }
    }

    private void OnConnectionStateChanged(object? sender, MqttConnectionStateChangedEventArgs e)
    {
        if (e.State == MqttConnectionState.Connected)
        {
            background.Run(announcer.AnnounceAsync);
        }
        else if (e.State == MqttConnectionState.Disconnected)
        {
            logger.Disconnected(e.Reason ?? $"code {e.ReasonCode}");
        }
    }
}
