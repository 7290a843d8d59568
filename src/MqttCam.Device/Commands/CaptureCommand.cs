using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MqttCam.Core.Contracts;
using MqttCam.Device.Announcing;
using MqttCam.Device.Configuration;
using MqttCam.Device.Feed;
using MqttCam.Device.Publishing;
using MqttCam.Core.Files;
using MqttCam.Imaging;
using MqttCam.Mqtt;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Commands;

/// <summary>
/// <c>capture</c>: the next live frame, resized or re-encoded if asked, published retained to the snapshot topic and
/// saved if asked. Runs beside the message loop: at night a frame can take seconds and settings must still be answered.
/// </summary>
public sealed class CaptureCommand(
    DeviceConfiguration configuration,
    CameraTopics topics,
    MqttClient client,
    LiveFeed feed,
    StillWaiters stills,
    CaptureFiles files,
    DeviceStatus status,
    ILogger<CaptureCommand> logger) : IDeviceCommand
{
    public string Name => DeviceCommands.Capture.Name;

    public Task ExecuteAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.RunInBackground(() => CaptureAsync(context));
    }

    private async Task CaptureAsync(CommandContext context)
    {
        if (!CaptureRequest.TryParse(context.Arguments, configuration.Device.CaptureFileName, out var capture, out var argumentError))
        {
            await context.Refuse(argumentError).ConfigureAwait(false);
            return;
        }

        CapturedStill still;
        try
        {
            still = await stills.NextAsync(context.CancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var reason = $"no frame from the {feed.SourceKind} source within {stills.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s"
                + (feed.Source?.Status.LastError is { } sourceError ? $" (last error: {sourceError})" : string.Empty);
            await context.Refuse(reason).ConfigureAwait(false);
            return;
        }

        var (jpeg, width, height) = Render(still, capture);
        var capturedAt = still.CapturedAt;
        var result = client.TryPublish(topics.Snapshot, jpeg, MqttQos.AtMostOnce, retain: true, FrameMessageProperties.For(still.Sequence, capturedAt, width, height));

        string? path = null;
        if (capture.Save)
        {
            if (!files.TryResolve(capture.FileName, still.Sequence, out path, out var pathError))
            {
                await context.Refuse(pathError).ConfigureAwait(false);
                return;
            }

            await AtomicFile.WriteAllBytesAsync(path, jpeg, context.CancellationToken).ConfigureAwait(false);
        }

        status.RecordCapture(capturedAt);
        logger.Captured(still.Sequence, jpeg.Length, path is null ? string.Empty : $" to {path}");
        context.Ok(new JsonObject
        {
            ["sequence"] = still.Sequence,
            ["captured_at"] = capturedAt.ToString("O", CultureInfo.InvariantCulture),
            ["size"] = jpeg.Length,
            ["width"] = width,
            ["height"] = height,
            ["topic"] = topics.Snapshot,
            ["published"] = result == MqttPublishResult.Accepted,
            ["path"] = path,
        });
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
}
