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
/// The live feed: owns the frame source (start, restart, stop), pumps its frames, keeps the latest one and hands
/// every frame to the registered <see cref="IFrameSink"/>s in order. Nothing else touches the source's lifetime.
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
    private readonly Lock _latestLock = new();
    private FrameSource? _source;
    private JpegFrame? _latest;

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

    /// <summary>The pump: runs until <paramref name="stoppingToken"/> is cancelled, following each new source.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
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

    /// <summary>Stops the source (its child processes are reaped) and releases the latest frame. Called after the pump ended.</summary>
    public async Task StopAsync()
    {
        if (Source is { } source)
        {
            await source.DisposeAsync().ConfigureAwait(false);
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
            var previous = _source;
            var source = createSource(settings);
            try
            {
                await source.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.SourceStartFailed(ex);
                status.RecordError($"{source.Kind} source failed to start: {ex.Message}");
            }

            Volatile.Write(ref _source, source);
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

    private void OnFrame(JpegFrame frame)
    {
        frame = StampIfAsked(frame);
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
                // One faulty consumer must not starve the others or stop the pump.
                logger.FrameSinkFailed(sink.GetType().Name, frame.Sequence, ex);
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
        var current = settings.Value;
        if (!current.TimestampOverlay || Source?.DrawsTimestamp != false)
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
