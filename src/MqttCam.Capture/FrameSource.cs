using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MqttCam.Capture.Processes;
using MqttCam.Core.Settings;

namespace MqttCam.Capture;

/// <summary>
/// A camera: produces <see cref="JpegFrame"/>s into <see cref="Frames"/> (or, when started with a frame handler,
/// straight into that handler), takes setting changes, reports its health. The queue is latest-wins (bounded, drop
/// oldest): a slow reader skips frames instead of building a backlog, and every dropped frame's pooled buffer is
/// returned.
/// </summary>
public abstract class FrameSource : IAsyncDisposable
{
    private readonly Channel<JpegFrame> _frames;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _statusLock = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Action<JpegFrame>? _onFrame;
    private CameraSettings _settings;
    private Task? _run;
    private int _disposed;
    private long _lastSequence;
    private long _captured;
    private long _dropped;
    private long _throttled;
    private long _bytesSkipped;
    private long _rejected;
    private int _restarts;
    private bool _running;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private DateTimeOffset? _lastFrameAt;

    protected FrameSource(CameraSettings settings, int queueCapacity, TimeProvider timeProvider, ILogger logger)
        : this(settings, queueCapacity, deliverInline: false, timeProvider, logger)
    {
    }

    /// <summary>
    /// With <paramref name="deliverInline"/> a reader waiting on <see cref="Frames"/> continues on the thread that calls
    /// <see cref="Publish"/> instead of a thread-pool worker: one wake-up per frame fewer. For sources that publish from
    /// a thread of their own and keep latest-wins themselves while the reader runs (<see cref="ProcessFrameSource"/>).
    /// A frame handler given to <see cref="StartAsync(Action{JpegFrame}, CancellationToken)"/> is called on that thread in any case.
    /// </summary>
    private protected FrameSource(CameraSettings settings, int queueCapacity, bool deliverInline, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        _settings = settings;
        TimeProvider = timeProvider;
        Logger = logger;
        _frames = Channel.CreateBounded<JpegFrame>(
            new BoundedChannelOptions(queueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleWriter = true,
                AllowSynchronousContinuations = deliverInline,
            },
            OnFrameDropped);
    }

    /// <summary>"testpattern", "rpicam", "ffmpeg" or "files".</summary>
    public abstract string Kind { get; }

    /// <summary>Settings applied without interrupting frames.</summary>
    public abstract IReadOnlyCollection<string> LiveSettings { get; }

    /// <summary>Settings applied by restarting the camera (a short gap in frames). All others are not supported.</summary>
    public abstract IReadOnlyCollection<string> RestartSettings { get; }

    /// <summary>
    /// Settings the device implements itself, whatever the source (the schema marks them <see cref="SettingTargets.Device"/>):
    /// <c>streaming</c> (the source keeps capturing), <c>timestamp</c>, the demand, motion and preview settings. A source
    /// neither applies nor reports them, so its change log never names them.
    /// </summary>
    public static IReadOnlySet<string> DeviceSettings { get; } =
        new HashSet<string>(CameraSettingsSchema.NamesFor(SettingTargets.Device), StringComparer.Ordinal);

    /// <summary>The frames, for a reader that started the source without a frame handler (empty otherwise).</summary>
    public ChannelReader<JpegFrame> Frames => _frames.Reader;

    /// <summary>
    /// Completes when the source produces no more frames: its run ended, on its own (a bug: cameras that fail are
    /// retried inside the run) or because it was disposed.
    /// </summary>
    public Task Completion => _completion.Task;

    /// <summary>The settings most recently requested (the source works towards them).</summary>
    public CameraSettings Settings => Volatile.Read(ref _settings);

    public CaptureStatus Status
    {
        get
        {
            lock (_statusLock)
            {
                return new CaptureStatus(
                    Running: _running,
                    LastError: _lastError,
                    LastErrorAt: _lastErrorAt,
                    Restarts: Volatile.Read(ref _restarts),
                    FramesCaptured: Interlocked.Read(ref _captured),
                    FramesDropped: Interlocked.Read(ref _dropped),
                    FramesThrottled: Interlocked.Read(ref _throttled),
                    BytesSkipped: Interlocked.Read(ref _bytesSkipped),
                    FramesRejected: Interlocked.Read(ref _rejected),
                    LastFrameAt: _lastFrameAt);
            }
        }
    }

    /// <summary>
    /// The exposure the sensor last reported (rpicam per-frame metadata), or null where the source cannot tell;
    /// <c>lock</c> fixes these values.
    /// </summary>
    public virtual ExposureReading? LatestExposure => null;

    /// <summary>Whether this source can ever report <see cref="LatestExposure"/> (so whether <c>lock</c> can work).</summary>
    public virtual bool ReportsExposure => false;

    /// <summary>Whether frames already carry the capture time, so the device need not draw it for <c>timestamp</c>.</summary>
    public virtual bool DrawsTimestamp => false;

    /// <summary>
    /// The largest frame (width × height) this source can keep producing within the device's memory budget. A setting
    /// above it is refused up front: an accepted setting must stream. Sources that pass the camera's JPEGs through
    /// hold no pixels and are bounded by the frame size instead.
    /// </summary>
    public virtual long MaxPixels => long.MaxValue;

    protected TimeProvider TimeProvider { get; }

    protected ILogger Logger { get; }

    /// <summary>Starts capturing in the background; failures show in <see cref="Status"/>, never as exceptions here.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => StartCoreAsync(onFrame: null, cancellationToken);

    /// <summary>
    /// Like <see cref="StartAsync(CancellationToken)"/>, but every frame goes to <paramref name="onFrame"/>, called on the
    /// thread that captured it (a process source's reader thread), instead of through <see cref="Frames"/>: no queue
    /// and no wake-up of another thread per frame. The handler owns each frame (disposes it), is called for one frame
    /// at a time, and must not block: capture waits for it.
    /// </summary>
    public Task StartAsync(Action<JpegFrame> onFrame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        return StartCoreAsync(onFrame, cancellationToken);
    }

    /// <summary>
    /// Switches to <paramref name="settings"/>: live settings take effect with the next frame, restart settings restart
    /// the camera now (or at its next start if it is down). Unsupported settings are kept but have no effect.
    /// </summary>
    public ValueTask ApplyAsync(CameraSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var previous = Interlocked.Exchange(ref _settings, settings);
        return previous == settings ? ValueTask.CompletedTask : OnSettingsChangedAsync(previous, settings);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_run is { } run)
        {
            await run.ConfigureAwait(false);
        }

        await DisposeCoreAsync().ConfigureAwait(false);
        _frames.Writer.TryComplete();
        _completion.TrySetResult();
        while (_frames.Reader.TryRead(out var frame))
        {
            frame.Dispose();
        }

        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Produces frames until <paramref name="stoppingToken"/> is cancelled (then returns or throws OCE).</summary>
    protected abstract Task RunAsync(CancellationToken stoppingToken);

    protected virtual ValueTask OnSettingsChangedAsync(CameraSettings previous, CameraSettings current) => ValueTask.CompletedTask;

    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    protected long NextSequence() => Interlocked.Increment(ref _lastSequence);

    /// <summary>The sequence the next frame gets, for sources whose frames are numbered elsewhere (the splitter).</summary>
    protected long PeekNextSequence() => Interlocked.Read(ref _lastSequence) + 1;

    protected void ContinueSequenceAfter(long lastSequence) => Interlocked.Exchange(ref _lastSequence, lastSequence);

    /// <summary>Hands a frame to the frame handler or queues it for the reader; ownership passes with it (or the frame is disposed).</summary>
    protected void Publish(JpegFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Interlocked.Increment(ref _captured);
        lock (_statusLock)
        {
            _running = true;
            _lastFrameAt = frame.CapturedAt;
        }

        if (_onFrame is { } onFrame)
        {
            onFrame(frame);
        }
        else if (!_frames.Writer.TryWrite(frame))
        {
            // Only after completion (disposal): nobody will read it.
            frame.Dispose();
        }
    }

    /// <summary>Drops a frame the reader was too slow to take (counted like the queue's own drops).</summary>
    protected void Drop(JpegFrame frame) => OnFrameDropped(frame);

    protected void CountThrottled() => Interlocked.Increment(ref _throttled);

    protected void CountRestart() => Interlocked.Increment(ref _restarts);

    protected void CountSkipped(long bytes, long rejectedFrames)
    {
        Interlocked.Add(ref _bytesSkipped, bytes);
        Interlocked.Add(ref _rejected, rejectedFrames);
    }

    /// <summary>Records a failure: frames have stopped (until the next <see cref="Publish"/>).</summary>
    protected void ReportError(string message)
    {
        lock (_statusLock)
        {
            _running = false;
            _lastError = message;
            _lastErrorAt = TimeProvider.GetUtcNow();
        }
    }

    protected void ReportStopped()
    {
        lock (_statusLock)
        {
            _running = false;
        }
    }

    private void OnFrameDropped(JpegFrame frame)
    {
        Interlocked.Increment(ref _dropped);
        frame.Dispose();
    }

    private Task StartCoreAsync(Action<JpegFrame>? onFrame, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.CompareExchange(ref _run, Task.CompletedTask, null) is not null)
        {
            throw new InvalidOperationException($"The {Kind} frame source is already started.");
        }

        // Set once, before the run starts (Task.Run publishes it to the capture threads).
        _onFrame = onFrame;
        _run = Task.Run(() => RunGuardedAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task RunGuardedAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Normal stop.
        }
        catch (Exception ex)
        {
            // A bug in a source must not take the device down: it shows as an error in the status instead.
            Logger.SourceFailed(Kind, ex);
            ReportError($"{Kind} source stopped: {ex.Message}");
        }
        finally
        {
            ReportStopped();
            _frames.Writer.TryComplete();
            _completion.TrySetResult();
        }
    }
}
