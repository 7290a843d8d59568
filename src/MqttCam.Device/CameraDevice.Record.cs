using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using MqttCam.Capture.Processes;
using MqttCam.Contracts;
using MqttCam.Device.Commands;
using MqttCam.Files;
using MqttCam.Mqtt;

namespace MqttCam.Device;

public sealed partial class CameraDevice
{
    private Channel<byte[]>? _recordFrames;
    private int _recording;

    /// <summary>
    /// <c>record</c>: the live frames (whatever the source) piped to ffmpeg and encoded to H.264 into an MP4 written
    /// atomically under the capture directory. Runs beside the message loop; one recording at a time.
    /// </summary>
    private Task HandleRecordAsync(MqttMessage message, CommandRequest request, CancellationToken cancellationToken)
    {
        if (!RecordRequest.TryParse(request.Arguments, out var record, out var error))
        {
            return Refuse(message, request.Action, error, request.Transaction);
        }

        if (Interlocked.CompareExchange(ref _recording, 1, 0) != 0)
        {
            return Refuse(message, request.Action, "a recording is already running; wait for its reply", request.Transaction);
        }

        _background.Run(_ => RecordAsync(message, request, record, cancellationToken));
        return Task.CompletedTask;
    }

    private async Task RecordAsync(MqttMessage message, CommandRequest request, RecordRequest record, CancellationToken cancellationToken)
    {
        string? partial = null;
        try
        {
            var fps = Settings.EffectiveFps;
            var wanted = Math.Max(1, (long)Math.Round(record.Seconds * fps));
            var name = record.Name.Format(new FileNameValues(Interlocked.Increment(ref _captureCounter), _time.GetLocalNow(), 0, _topics.CameraId));
            if (!ContainedPath.TryResolve(_configuration.Device.ResolveCaptureDirectory(), name, out var path, out var pathError))
            {
                await Refuse(message, request.Action, pathError, request.Transaction).ConfigureAwait(false);
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            partial = path + ".part";

            // A few frames of slack: ffmpeg may pause while it starts; older frames are dropped, not queued forever.
            var frames = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(8) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
            var written = 0L;
            var encoder = Mp4ClipEncoder.Start(fps, partial, _configuration.Capture.FfmpegPath);
            await using (encoder.ConfigureAwait(false))
            {
                Volatile.Write(ref _recordFrames, frames);
                try
                {
                    var frameTimeout = TimeSpan.FromSeconds(_configuration.Device.CaptureTimeoutSeconds);
                    while (written < wanted)
                    {
                        byte[] jpeg;
                        try
                        {
                            jpeg = await frames.Reader.ReadAsync(cancellationToken).AsTask().WaitAsync(frameTimeout, _time, cancellationToken).ConfigureAwait(false);
                        }
                        catch (TimeoutException)
                        {
                            throw new IOException(string.Create(CultureInfo.InvariantCulture, $"no frame from the {_source?.Kind ?? "camera"} source within {frameTimeout.TotalSeconds} s after {written} frames"));
                        }

                        await encoder.WriteFrameAsync(jpeg, cancellationToken).ConfigureAwait(false);
                        written++;
                    }
                }
                finally
                {
                    Volatile.Write(ref _recordFrames, null);
                }

                await encoder.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            // Readers of the capture folder only ever see a finished clip.
            File.Move(partial, path, overwrite: true);
            partial = null;
            var size = new FileInfo(path).Length;
            Log.Recorded(_logger, path, written, size);
            Reply(message, CommandResponse.Ok(request.Action, new JsonObject
            {
                ["path"] = path,
                ["duration"] = Math.Round(written / fps, 3),
                ["frames"] = written,
                ["fps"] = fps,
                ["size"] = size,
            }, request.Transaction));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Disk full, ffmpeg missing or failing, camera silent: the reply says which, and no half clip is left.
            Log.CommandFailed(_logger, request.Action, ex);
            Reply(message, CommandResponse.Failure(request.Action, ex.Message, request.Transaction));
        }
        finally
        {
            if (partial is not null)
            {
                TryDelete(partial);
            }

            Volatile.Write(ref _recording, 0);
        }
    }

    /// <summary>Called for every frame: a copy goes to the recording, if one runs (the live buffer is pooled).</summary>
    private void OfferToRecording(Capture.JpegFrame frame)
    {
        if (Volatile.Read(ref _recordFrames) is { } frames)
        {
            frames.Writer.TryWrite(frame.ToArray());
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover .part file says what happened.
        }
    }
}
