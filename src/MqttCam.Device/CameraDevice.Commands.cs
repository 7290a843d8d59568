using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MqttCam.Contracts;
using MqttCam.Device.Commands;
using MqttCam.Files;
using MqttCam.Imaging;
using MqttCam.Mqtt;

namespace MqttCam.Device;

public sealed partial class CameraDevice
{
    private Task HandleCommandAsync(MqttMessage message, CancellationToken cancellationToken)
    {
        if (!CommandRequest.TryParse(message.Payload.Span, out var request, out var error, out var transaction))
        {
            return Refuse(message, null, error, transaction);
        }

        switch (request.Action)
        {
            case DeviceCommands.Capture:
                // Runs beside the message loop: at night a frame can take seconds and settings must still be answered.
                _background.Run(_ => CaptureAsync(message, request, cancellationToken));
                return Task.CompletedTask;
            case DeviceCommands.Restart:
                return RunAsync(message, request, async () =>
                {
                    await RestartSourceAsync(cancellationToken).ConfigureAwait(false);
                    return new JsonObject { ["source"] = _source?.Kind };
                });
            case DeviceCommands.State:
                return RunAsync(message, request, () => Task.FromResult<JsonNode?>(JsonSerializer.SerializeToNode(BuildState(), ContractJson.Default.CameraState)));
            case DeviceCommands.Discovery:
                return RunAsync(message, request, async () =>
                {
                    var count = await PublishDiscoveryAsync(cancellationToken).ConfigureAwait(false);
                    return new JsonObject { ["topics"] = count };
                });
            case DeviceCommands.RemoveDiscovery:
                return RunAsync(message, request, async () =>
                {
                    var count = await RemoveDiscoveryAsync(cancellationToken).ConfigureAwait(false);
                    return new JsonObject { ["topics"] = count };
                });
            case DeviceCommands.TimelapseStart or DeviceCommands.TimelapseStop or DeviceCommands.TimelapseStatus:
                return HandleTimelapseAsync(message, request, cancellationToken);
            case DeviceCommands.Record:
                return HandleRecordAsync(message, request, cancellationToken);
            case DeviceCommands.Lock or DeviceCommands.Unlock or DeviceCommands.Night:
                return HandleExposureAsync(message, request, cancellationToken);
            default:
                return Refuse(message, request.Action, $"unknown action '{Truncate(request.Action)}' (known: {string.Join(", ", DeviceCommands.Names)})", request.Transaction);
        }
    }

    private async Task RunAsync(MqttMessage message, CommandRequest request, Func<Task<JsonNode?>> action)
    {
        try
        {
            var data = await action().ConfigureAwait(false);
            Reply(message, CommandResponse.Ok(request.Action, data, request.Transaction));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.CommandFailed(_logger, request.Action, ex);
            Reply(message, CommandResponse.Failure(request.Action, ex.Message, request.Transaction));
        }
    }

    private async Task CaptureAsync(MqttMessage message, CommandRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (!CaptureRequest.TryParse(request.Arguments, _configuration.Device.CaptureFileName, out var capture, out var argumentError))
            {
                await Refuse(message, request.Action, argumentError, request.Transaction).ConfigureAwait(false);
                return;
            }

            CapturedStill still;
            try
            {
                still = await WaitForNextFrameAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                var reason = $"no frame from the {_source?.Kind ?? "camera"} source within {_configuration.Device.CaptureTimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s"
                    + (_source?.Status.LastError is { } sourceError ? $" (last error: {sourceError})" : string.Empty);
                await Refuse(message, request.Action, reason, request.Transaction).ConfigureAwait(false);
                return;
            }

            var (jpeg, width, height) = Render(still, capture);
            var capturedAt = still.CapturedAt;
            var result = _client.TryPublish(_topics.Snapshot, jpeg, MqttQos.AtMostOnce, retain: true, FrameProperties(still.Sequence, capturedAt, width, height));

            string? path = null;
            if (capture.Save)
            {
                var counter = Interlocked.Increment(ref _captureCounter);
                var name = capture.FileName.Format(new FileNameValues(counter, _time.GetLocalNow(), still.Sequence, _topics.CameraId));
                var directory = _configuration.Device.ResolveCaptureDirectory();
                if (!ContainedPath.TryResolve(directory, name, out path, out var pathError))
                {
                    await Refuse(message, request.Action, pathError, request.Transaction).ConfigureAwait(false);
                    return;
                }

                await AtomicFile.WriteAllBytesAsync(path, jpeg, cancellationToken).ConfigureAwait(false);
            }

            _lastCaptureAt = capturedAt;
            RequestState();
            Log.Captured(_logger, still.Sequence, jpeg.Length, path is null ? string.Empty : $" to {path}");
            Reply(message, CommandResponse.Ok(request.Action, new JsonObject
            {
                ["sequence"] = still.Sequence,
                ["captured_at"] = capturedAt.ToString("O", CultureInfo.InvariantCulture),
                ["size"] = jpeg.Length,
                ["width"] = width,
                ["height"] = height,
                ["topic"] = _topics.Snapshot,
                ["published"] = result == MqttPublishResult.Accepted,
                ["path"] = path,
            }, request.Transaction));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.CommandFailed(_logger, request.Action, ex);
            Reply(message, CommandResponse.Failure(request.Action, ex.Message, request.Transaction));
        }
    }

    /// <summary>The frame as asked: unchanged bytes when no size or quality was given, otherwise resized or re-encoded.</summary>
    private static (byte[] Jpeg, int Width, int Height) Render(CapturedStill still, CaptureRequest capture)
    {
        if (capture.Width is null && capture.Height is null && capture.Quality is null)
        {
            return (still.Jpeg, still.Width, still.Height);
        }

        var quality = capture.Quality ?? 90;
        var (width, height) = capture.Width is null && capture.Height is null
            ? (still.Width, still.Height)
            : JpegResizer.FitWithin(still.Width, still.Height, capture.Width ?? 0, capture.Height ?? 0, allowUpscale: false);
        return (JpegResizer.Resize(still.Jpeg, width, height, quality), width, height);
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
