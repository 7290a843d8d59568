using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MqttCam.Core.Contracts;
using MqttCam.Device.Announcing;
using MqttCam.Device.Feed;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Timelapse;

/// <summary>
/// Owns the one timelapse the device may run: starts it on the live feed's stills, stops it, and keeps the last
/// state of a stopped one for <c>timelapse_status</c> and the state topic.
/// </summary>
public sealed class TimelapseControl(StillWaiters stills, CameraTopics topics, DeviceStatus status, TimeProvider time, ILogger<TimelapseControl> logger) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private TimelapseRunner? _running;
    private TimelapseState? _stopped;

    public TimelapseState? Status => _running?.State ?? _stopped;

    /// <summary>The reply data of the three timelapse commands (an inactive state when none ever ran).</summary>
    public JsonNode? StatusJson() => JsonSerializer.SerializeToNode(Status ?? new TimelapseState(), ContractJson.Default.TimelapseState);

    /// <summary>Replaces any running timelapse with one for <paramref name="request"/>, writing under <paramref name="directory"/>.</summary>
    public async Task StartAsync(TimelapseRequest request, string directory, CancellationToken cancellationToken)
    {
        await StopAsync(cancellationToken).ConfigureAwait(false);
        var runner = new TimelapseRunner(
            request,
            directory,
            topics.CameraId,
            async token => (await stills.NextAsync(token).ConfigureAwait(false)).Jpeg,
            time,
            logger);
        runner.Attempted += _ => status.RequestPublish();
        _running = runner;
        runner.Start();
        status.RequestPublish();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_running is { } running)
            {
                _running = null;
                await running.DisposeAsync().ConfigureAwait(false);
                _stopped = running.State;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();
}
