using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MqttCam.Capture;
using MqttCam.Capture.Overlay;
using MqttCam.Device.Announcing;
using MqttCam.Device.Publishing;
using MqttCam.Device.Settings;
using MqttCam.Imaging;
using MqttCam.Core.Settings;

namespace MqttCam.Device.Feed;

/// <summary>
/// The live feed: owns the frame source (start, restart, stop), keeps the latest frame and hands every frame to the
/// registered <see cref="IFrameSink"/>s in order. Frames come straight from the source's capture thread (the source
/// calls <see cref="OnFrame"/>; no queue and no thread hop in between). Nothing else touches the source's lifetime.
/// </summary>
public sealed class LiveFeed(
    Func<CameraSettings, FrameSource> createSource,
    CurrentSettings settings,
    DeviceStatus status,
    FrameStatistics statistics,
    IEnumerable<IFrameSink> sinks,
    TimeProvider time,
    ILogger<LiveFeed> logger) : IDisposable
{
    private readonly IFrameSink[] _sinks = [.. sinks];
    private readonly Channel<FrameSource> _sources = Channel.CreateUnbounded<FrameSource>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _sourceLock = new(1, 1);

    // One frame at a time, whichever source's thread brings it. A source switch and a stop take it too: after either,
    // no frame of the old source (or any, after a stop) reaches a sink.
    private readonly Lock _frameGate = new();
    private readonly Lock _latestLock = new();
    private FrameSource? _source;
    private JpegFrame? _latest;
    private bool _stopping;

    /// <summary>The running source, or null before the first start.</summary>
    public FrameSource? Source => Volatile.Read(ref _source);

    /// <summary>The source's kind for messages ("rpicam", …), or "camera" before the first start.</summary>
    public string SourceKind => Source?.Kind ?? "camera";

    public Task StartAsync(CancellationToken cancellationToken) => StartSourceAsync(settings.Value, cancellationToken);

    /// <summary>Replaces the source with a fresh one built from the current settings.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        logger.SourceRestarting(SourceKind);
        await StartSourceAsync(settings.Value, cancellationToken).ConfigureAwait(false);
        status.RequestPublish();
    }

    /// <summary>
    /// The feed's loop: runs until <paramref name="stoppingToken"/> is cancelled, watching each new source. Once stopping is
    /// requested frames are released instead of handed on, and when this returns no sink is called again.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var stopOnCancel = stoppingToken.UnsafeRegister(static feed => ((LiveFeed)feed!).StopDelivering(), this);
        try
        {
            await foreach (var source in _sources.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await source.Completion.WaitAsync(stoppingToken).ConfigureAwait(false);

                // A replaced source completes when it is disposed; one that is still current died on its own (a bug,
                // not a camera failure, which the source retries itself): bring up a fresh one instead of going dark.
                if (!stoppingToken.IsCancellationRequested && ReferenceEquals(source, Source))
                {
                    status.RecordError(source.Status.LastError ?? $"{source.Kind} source stopped");
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
                    await RestartAsync(stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            StopDelivering();
        }
    }

    /// <summary>Runs <paramref name="use"/> on the latest frame, if any, while it cannot be released.</summary>
    public void WithLatest(Action<JpegFrame> use)
    {
        ArgumentNullException.ThrowIfNull(use);
        lock (_latestLock)
        {
            if (_latest is { } frame)
            {
                use(frame);
            }
        }
    }

    /// <summary>Stops the source (its child processes are reaped) and releases the latest frame. Called after <see cref="RunAsync"/> ended.</summary>
    public async Task StopAsync()
    {
        StopDelivering();

        // A source switch under way finishes first, so the source disposed here is the last one started.
        await _sourceLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (Source is { } source)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _sourceLock.Release();
        }

        lock (_latestLock)
        {
            _latest?.Dispose();
            _latest = null;
        }
    }

    public void Dispose() => _sourceLock.Dispose();

    private async Task StartSourceAsync(CameraSettings settings, CancellationToken cancellationToken)
    {
        await _sourceLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _stopping))
            {
                return;
            }

            var previous = _source;
            var source = createSource(settings);

            // Current before its first frame; from here on the previous source's frames are dropped.
            lock (_frameGate)
            {
                Volatile.Write(ref _source, source);
            }

            try
            {
                // Not cancellable half-way: the source is already current, and the previous one goes below.
                await source.StartAsync(frame => OnFrame(source, frame), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.SourceStartFailed(ex);
                status.RecordError($"{source.Kind} source failed to start: {ex.Message}");
            }

            _sources.Writer.TryWrite(source);

            // Disposing the old source completes it, which moves the loop on to the new one.
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

    private void StopDelivering()
    {
        lock (_frameGate)
        {
            Volatile.Write(ref _stopping, true);
        }
    }

    /// <summary>Called by a source's capture thread for each of its frames.</summary>
    private void OnFrame(FrameSource from, JpegFrame frame)
    {
        lock (_frameGate)
        {
            if (_stopping || !ReferenceEquals(from, _source))
            {
                // No sink sees it: stopping (CameraDevice.StopAsync), or a replaced source's late frame, which must
                // not follow its successor's. Dropped, and its pooled buffer goes back now.
                statistics.OnDropped();
                frame.Dispose();
                return;
            }

            HandOn(from, frame);
        }
    }

    private void HandOn(FrameSource from, JpegFrame frame)
    {
        frame = StampIfAsked(from, frame);
        statistics.OnCaptured(frame.Data.Length, frame.CapturedAt);

        JpegFrame? previous;
        lock (_latestLock)
        {
            previous = _latest;
            _latest = frame;
        }

        foreach (var sink in _sinks)
        {
            try
            {
                sink.OnFrame(frame);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // One faulty consumer must not starve the others or stop the source.
                logger.FrameSinkFailed(sink.GetType().Name, frame.Sequence, ex);
            }
        }

        previous?.Dispose();
    }

    /// <summary>
    /// The <c>timestamp</c> setting: for sources whose frames do not already show the time, the capture time is drawn
    /// here, at the cost of a decode and encode per frame (only while the setting is on).
    /// </summary>
    private JpegFrame StampIfAsked(FrameSource from, JpegFrame frame)
    {
        var current = settings.Value;
        if (!current.TimestampOverlay || from.DrawsTimestamp)
        {
            return frame;
        }

        try
        {
            var local = TimeZoneInfo.ConvertTime(frame.CapturedAt, time.LocalTimeZone);
            var stamped = TimestampOverlay.Draw(frame.Data.Span, local, current.Quality);
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
}
