using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MqttCam.Core.Contracts;
using MqttCam.Device.Feed;
using MqttCam.Device.Recording;
using MqttCam.Device.Settings;

namespace MqttCam.Device.Commands;

/// <summary>
/// <c>record</c>: the next <c>seconds</c> of live frames as an MP4 under the capture directory (see
/// <see cref="ClipRecorder"/>). Runs beside the message loop; a second one while the first runs is refused.
/// </summary>
public sealed class RecordCommand(ClipRecorder recorder, CaptureFiles files, CurrentSettings settings, LiveFeed feed, ILogger<RecordCommand> logger) : IDeviceCommand
{
    public string Name => DeviceCommands.Record.Name;

    public Task ExecuteAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!RecordRequest.TryParse(context.Arguments, out var record, out var error))
        {
            return context.Refuse(error);
        }

        if (!recorder.TryBegin())
        {
            return context.Refuse("a recording is already running; wait for its reply");
        }

        return context.RunInBackground(async () =>
        {
            try
            {
                await RecordAsync(context, record).ConfigureAwait(false);
            }
            finally
            {
                recorder.End();
            }
        });
    }

    private async Task RecordAsync(CommandContext context, RecordRequest record)
    {
        var fps = settings.Value.EffectiveFps;
        var wanted = Math.Max(1, (long)Math.Round(record.Seconds * fps));
        if (!files.TryResolve(record.Name, 0, out var path, out var pathError))
        {
            await context.Refuse(pathError).ConfigureAwait(false);
            return;
        }

        // Disk full, ffmpeg missing or failing, camera silent: the failure reply says which, and no half clip is left.
        var clip = await recorder.RecordAsync(path, fps, wanted, feed.SourceKind, context.CancellationToken).ConfigureAwait(false);
        logger.Recorded(clip.Path, clip.Frames, clip.Size);
        context.Ok(new JsonObject
        {
            ["path"] = clip.Path,
            ["duration"] = Math.Round(clip.Frames / clip.Fps, 3),
            ["frames"] = clip.Frames,
            ["fps"] = clip.Fps,
            ["size"] = clip.Size,
        });
    }
}
