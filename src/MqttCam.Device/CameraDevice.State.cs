using System.Reflection;
using System.Text.Json;
using MqttCam.Contracts;
using MqttCam.Mqtt;
using MqttCam.Settings;

namespace MqttCam.Device;

public sealed partial class CameraDevice
{
    private static readonly string s_version =
        typeof(CameraDevice).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static string Version => s_version;

    private async Task PublishStateLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_configuration.Device.StateIntervalSeconds), _time);
        var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
        var request = _stateRequests.Reader.WaitToReadAsync(stoppingToken).AsTask();
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
                    _stateRequests.Reader.TryRead(out _);
                    request = _stateRequests.Reader.WaitToReadAsync(stoppingToken).AsTask();
                }

                await PublishStateAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task PublishStateAsync(CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return;
        }

        var state = BuildState() with { Throttled = await _health.ReadThrottledAsync(cancellationToken).ConfigureAwait(false) };
        var payload = JsonSerializer.SerializeToUtf8Bytes(state, ContractJson.Default.CameraState);
        var result = _client.TryPublish(_topics.State, payload, MqttQos.AtLeastOnce, retain: true, new MqttMessageProperties { ContentType = "application/json" });
        if (result != MqttPublishResult.Accepted)
        {
            Log.StatePublishFailed(_logger, result.ToString());
        }
    }

    private CameraState BuildState()
    {
        var settings = Settings;
        var source = _source;
        var status = source?.Status;
        var now = _time.GetUtcNow();

        // The source's own error (camera unplugged, ffmpeg failing) is newer news than an older device error.
        var (error, errorAt) = status?.LastErrorAt is { } sourceErrorAt && (_lastErrorAt is null || sourceErrorAt > _lastErrorAt)
            ? (status.LastError, status.LastErrorAt)
            : (_lastError, _lastErrorAt);

        return new CameraState
        {
            Id = _topics.CameraId,
            Source = source?.Kind ?? _configuration.Capture.Source.ToString().ToLowerInvariant(),
            Version = s_version,
            Streaming = settings.Streaming,
            Settings = CameraSettingsSchema.ToJson(settings),
            LiveSettings = source is null ? [] : [.. source.LiveSettings.Order(StringComparer.Ordinal)],
            RestartSettings = source is null ? [] : [.. source.RestartSettings.Order(StringComparer.Ordinal)],
            Fps = _statistics.Fps,
            Width = settings.Width,
            Height = settings.Height,
            FramesCaptured = _statistics.FramesCaptured,
            FramesSent = _statistics.FramesSent,
            BytesSent = _statistics.BytesSent,
            FramesDropped = _statistics.FramesDropped + (status?.FramesDropped ?? 0),
            LastFrameBytes = _statistics.LastFrameBytes,
            LastFrameAt = _statistics.LastFrameAt,
            LastCaptureAt = _lastCaptureAt,
            StartedAt = _startedAt,
            UptimeSeconds = Math.Round((now - _startedAt).TotalSeconds, 1),
            LastError = error,
            LastErrorAt = errorAt,
            CpuTemperature = _health.ReadCpuTemperature(),
            Timelapse = TimelapseStatus,
            Exposure = ExposureStatus,
        };
    }
}
