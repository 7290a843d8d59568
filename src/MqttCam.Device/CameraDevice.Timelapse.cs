using System.Text.Json;
using System.Text.Json.Nodes;
using MqttCam.Contracts;
using MqttCam.Device.Timelapse;
using MqttCam.Mqtt;

namespace MqttCam.Device;

public sealed partial class CameraDevice
{
    private readonly SemaphoreSlim _timelapseLock = new(1, 1);
    private TimelapseRunner? _timelapse;
    private TimelapseState? _stoppedTimelapse;

    private TimelapseState? TimelapseStatus => _timelapse?.State ?? _stoppedTimelapse;

    private Task HandleTimelapseAsync(MqttMessage message, CommandRequest request, CancellationToken cancellationToken)
    {
        switch (request.Action)
        {
            case DeviceCommands.TimelapseStart:
                if (!TimelapseRequest.TryParse(request.Arguments, out var timelapse, out var error))
                {
                    return Refuse(message, request.Action, error, request.Transaction);
                }

                return RunAsync(message, request, async () =>
                {
                    await StopTimelapseAsync(cancellationToken).ConfigureAwait(false);
                    var runner = new TimelapseRunner(
                        timelapse,
                        Path.Combine(_configuration.Device.ResolveCaptureDirectory(), "timelapse"),
                        _topics.CameraId,
                        async token => (await WaitForNextFrameAsync(token).ConfigureAwait(false)).Jpeg,
                        _time,
                        _logger);
                    runner.Attempted += _ => RequestState();
                    _timelapse = runner;
                    runner.Start();
                    RequestState();
                    return TimelapseJson();
                });
            case DeviceCommands.TimelapseStop:
                return RunAsync(message, request, async () =>
                {
                    await StopTimelapseAsync(cancellationToken).ConfigureAwait(false);
                    RequestState();
                    return TimelapseJson();
                });
            default:
                return RunAsync(message, request, () => Task.FromResult(TimelapseJson()));
        }
    }

    private async Task StopTimelapseAsync(CancellationToken cancellationToken)
    {
        await _timelapseLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_timelapse is { } running)
            {
                _timelapse = null;
                await running.DisposeAsync().ConfigureAwait(false);
                _stoppedTimelapse = running.State;
            }
        }
        finally
        {
            _timelapseLock.Release();
        }
    }

    private JsonNode? TimelapseJson() =>
        JsonSerializer.SerializeToNode(TimelapseStatus ?? new TimelapseState(), ContractJson.Default.TimelapseState);
}
