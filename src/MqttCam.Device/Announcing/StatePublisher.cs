using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MqttCam.Core.Contracts;
using MqttCam.Device.Configuration;
using MqttCam.Device.Demand;
using MqttCam.Device.Exposure;
using MqttCam.Device.Feed;
using MqttCam.Device.Platform;
using MqttCam.Device.Publishing;
using MqttCam.Device.Settings;
using MqttCam.Device.Timelapse;
using MqttCam.Mqtt;
using MqttCam.Core.Settings;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Announcing;

/// <summary>
/// Builds the state JSON from the owners and publishes it, retained, every <c>Device:StateIntervalSeconds</c> and
/// soon after anyone calls <see cref="DeviceStatus.RequestPublish"/>.
/// </summary>
public sealed class StatePublisher(
    DeviceConfiguration configuration,
    CameraTopics topics,
    MqttClient client,
    CurrentSettings settings,
    LiveFeed feed,
    CameraDemand demand,
    DeviceStatus status,
    FrameStatistics statistics,
    TimelapseControl timelapse,
    ExposureControl exposure,
    SystemHealth health,
    TimeProvider time,
    ILogger<StatePublisher> logger)
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    /// <summary>The device's version without the commit suffix ("0.1.0").</summary>
    public static string Version { get; } =
        typeof(StatePublisher).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(configuration.Device.StateIntervalSeconds), time);
        var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
        var request = status.Requests.WaitToReadAsync(stoppingToken).AsTask();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var fired = await Task.WhenAny(tick, request).ConfigureAwait(false);
                await fired.ConfigureAwait(false);
                if (fired == tick)
                {
                    tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                }
                else
                {
                    status.Requests.TryRead(out _);
                    request = status.Requests.WaitToReadAsync(stoppingToken).AsTask();
                }

                await PublishAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        if (!client.IsConnected)
        {
            return;
        }

        var state = Build() with { Throttled = await health.ReadThrottledAsync(cancellationToken).ConfigureAwait(false) };
        var payload = JsonSerializer.SerializeToUtf8Bytes(state, ContractJson.Default.CameraState);
        var result = client.TryPublish(topics.State, payload, MqttQos.AtLeastOnce, retain: true, new MqttMessageProperties { ContentType = "application/json" });
        if (result != MqttPublishResult.Accepted)
        {
            logger.StatePublishFailed(result.ToString());
        }
    }

    public CameraState Build()
    {
        var current = settings.Value;
        var source = feed.Source;
        var sourceStatus = source?.Status;
        var now = time.GetUtcNow();
        var (deviceError, deviceErrorAt) = status.LastError;
        var wanted = demand.State;

        // The source's own error (camera unplugged, ffmpeg failing) is newer news than an older device error.
        var (error, errorAt) = sourceStatus?.LastErrorAt is { } sourceErrorAt && (deviceErrorAt is null || sourceErrorAt > deviceErrorAt)
            ? (sourceStatus.LastError, sourceStatus.LastErrorAt)
            : (deviceError, deviceErrorAt);

        return new CameraState
        {
            Id = topics.CameraId,
            Source = source?.Kind ?? configuration.Capture.Source.ToString().ToLowerInvariant(),
            Version = Version,
            Streaming = current.Streaming,
            Live = wanted.Live,
            Watchers = wanted.Watchers,
            Motion = wanted.Motion,
            Settings = CameraSettingsSchema.ToJson(current),
            LiveSettings = source is null ? [] : [.. source.LiveSettings.Order(StringComparer.Ordinal)],
            RestartSettings = source is null ? [] : [.. source.RestartSettings.Order(StringComparer.Ordinal)],
            Fps = statistics.Fps,
            Width = current.Width,
            Height = current.Height,
            FramesCaptured = statistics.FramesCaptured,
            FramesSent = statistics.FramesSent,
            BytesSent = statistics.BytesSent,
            FramesDropped = statistics.FramesDropped + (sourceStatus?.FramesDropped ?? 0),
            LastFrameBytes = statistics.LastFrameBytes,
            LastFrameAt = statistics.LastFrameAt,
            LastCaptureAt = status.LastCaptureAt,
            StartedAt = _startedAt,
            UptimeSeconds = Math.Round((now - _startedAt).TotalSeconds, 1),
            LastError = error,
            LastErrorAt = errorAt,
            CpuTemperature = health.ReadCpuTemperature(),
            Timelapse = timelapse.Status,
            Exposure = exposure.Status,
        };
    }
}
