using System.Globalization;
using MqttCam.Capture;
using MqttCam.Capture.Overlay;
using MqttCam.Device.Commands;
using MqttCam.Imaging;
using MqttCam.Mqtt;
using MqttCam.Settings;
using MqttCam.Topics;

namespace MqttCam.Device;

public sealed partial class CameraDevice
{
    private async Task StartSourceAsync(CameraSettings settings, CancellationToken cancellationToken)
    {
        await _sourceLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var previous = _source;
            var source = _createSource(settings);
            try
            {
                await source.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.SourceStartFailed(_logger, ex);
                RecordError($"{source.Kind} source failed to start: {ex.Message}");
            }

            _source = source;
            _sources.Writer.TryWrite(source);

            // Disposing the old source completes its frame channel, which moves the pump on to the new one.
            if (previous is not null)
            {
                await previous.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _sourceLock.Release();
        }
    }

    private async Task RestartSourceAsync(CancellationToken cancellationToken)
    {
        Log.SourceRestarting(_logger, _source?.Kind ?? "camera");
        await StartSourceAsync(Settings, cancellationToken).ConfigureAwait(false);
        RequestState();
    }

    private async Task PumpFramesAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var source in _sources.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await foreach (var frame in source.Frames.ReadAllAsync(stoppingToken).ConfigureAwait(false))
                {
                    OnFrame(frame);
                }

                // The channel also completes when a source dies on its own (a bug, not a camera failure, which the
                // source retries itself); bring up a fresh one instead of going dark.
                if (!stoppingToken.IsCancellationRequested && ReferenceEquals(source, _source))
                {
                    RecordError(source.Status.LastError ?? $"{source.Kind} source stopped");
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken).ConfigureAwait(false);
                    await RestartSourceAsync(stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private void OnFrame(JpegFrame frame)
    {
        frame = StampIfAsked(frame);
        _statistics.OnCaptured(frame.Data.Length, frame.CapturedAt);

        JpegFrame? previous;
        TaskCompletionSource<CapturedStill>[] waiters;
        lock (_latestLock)
        {
            previous = _latest;
            _latest = frame;
            waiters = _captureWaiters.Count == 0 ? [] : [.. _captureWaiters];
            _captureWaiters.Clear();
        }

        if (waiters.Length > 0)
        {
            // One copy for every pending capture: the live buffer goes back to the pool when the next frame arrives.
            var still = new CapturedStill(frame.ToArray(), frame.Sequence, frame.CapturedAt, frame.Width, frame.Height);
            foreach (var waiter in waiters)
            {
                waiter.TrySetResult(still);
            }
        }

        OfferToRecording(frame);
        if (Settings.Streaming)
        {
            // Never wait for the broker: a frame that cannot go now is stale by the next one, so it is dropped and counted.
            var result = _client.IsConnected
                ? _client.TryPublish(_topics.Image, frame.Data, MqttQos.AtMostOnce, retain: true, FrameProperties(frame.Sequence, frame.CapturedAt, frame.Width, frame.Height))
                : MqttPublishResult.NotConnected;
            if (result == MqttPublishResult.Accepted)
            {
                _statistics.OnSent(frame.Data.Length);
            }
            else
            {
                _statistics.OnDropped();
            }
        }

        previous?.Dispose();
    }

    /// <summary>
    /// The <c>timestamp</c> setting: for sources whose frames do not already show the time, the capture time is drawn
    /// here, at the cost of a decode and encode per frame (only while the setting is on).
    /// </summary>
    private JpegFrame StampIfAsked(JpegFrame frame)
    {
        var settings = Settings;
        if (!settings.TimestampOverlay || _source?.DrawsTimestamp != false)
        {
            return frame;
        }

        try
        {
            var local = TimeZoneInfo.ConvertTime(frame.CapturedAt, _time.LocalTimeZone);
            var stamped = TimestampOverlay.Draw(frame.Data.Span, local, settings.Quality);
            if (JpegFrame.TryCreate(stamped, frame.Sequence, frame.CapturedAt, out var result))
            {
                frame.Dispose();
                return result;
            }
        }
        catch (JpegException)
        {
            // Frames are validated when captured; should one still fail to decode, it goes out unstamped.
        }

        return frame;
    }

    /// <summary>Republishes the newest frame (after a reconnect the broker may have lost its retained copy).</summary>
    private void RepublishLatestFrame()
    {
        lock (_latestLock)
        {
            if (_latest is { } frame && Settings.Streaming)
            {
                _client.TryPublish(_topics.Image, frame.Data, MqttQos.AtMostOnce, retain: true, FrameProperties(frame.Sequence, frame.CapturedAt, frame.Width, frame.Height));
            }
        }
    }

    private async Task<CapturedStill> WaitForNextFrameAsync(CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<CapturedStill>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_latestLock)
        {
            _captureWaiters.Add(waiter);
        }

        try
        {
            return await waiter.Task.WaitAsync(TimeSpan.FromSeconds(_configuration.Device.CaptureTimeoutSeconds), _time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_latestLock)
            {
                _captureWaiters.Remove(waiter);
            }
        }
    }

    private static MqttMessageProperties FrameProperties(long sequence, DateTimeOffset capturedAt, int width, int height) => new()
    {
        ContentType = FrameUserProperties.ContentType,
        UserProperties =
        [
            new(FrameUserProperties.Sequence, sequence.ToString(CultureInfo.InvariantCulture)),
            new(FrameUserProperties.CapturedAt, capturedAt.ToString("O", CultureInfo.InvariantCulture)),
            new(FrameUserProperties.Width, width.ToString(CultureInfo.InvariantCulture)),
            new(FrameUserProperties.Height, height.ToString(CultureInfo.InvariantCulture)),
        ],
    };
}
