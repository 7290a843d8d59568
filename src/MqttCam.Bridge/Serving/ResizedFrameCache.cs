using MqttCam.Bridge.Cameras;
using MqttCam.Bridge.Configuration;
using MqttCam.Bridge.Operations;
using MqttCam.Imaging;

namespace MqttCam.Bridge.Serving;

/// <summary>
/// Resized variants of one camera's current frame: each (frame, size) is encoded once however many clients ask,
/// and at most <c>MaxResizedVariants</c> sizes are kept, all dropped when the next frame arrives. One resize per camera
/// runs at a time, so one camera's clients asking for many sizes queue behind each other, not in front of other cameras.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphore never creates a wait handle (only WaitAsync is used), and a resize in flight may outlive the camera's removal.")]
public sealed class ResizedFrameCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(int Width, int Height), Task<byte[]>> _variants = [];
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly int _maxVariants;
    private readonly int _quality;
    private readonly ResizeLimiter _limiter;
    private readonly BridgeMetrics _metrics;
    private readonly ILogger _logger;
    private long _currentIngestNumber;
    private long _hits;
    private long _misses;

    public ResizedFrameCache(BridgeOptions options, ResizeLimiter limiter, BridgeMetrics metrics, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _maxVariants = options.MaxResizedVariants;
        _quality = options.ResizeQuality;
        _limiter = limiter;
        _metrics = metrics;
        _logger = logger;
    }

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>
    /// The JPEG of <paramref name="frame"/> resized to exactly <paramref name="width"/> x <paramref name="height"/>;
    /// throws <see cref="FrameTooLargeToResizeException"/> when the decode would exceed the pixel budget.
    /// </summary>
    public Task<byte[]> GetAsync(Frame frame, int width, int height, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!JpegResizer.TryChooseDecodeScale(frame.Width, frame.Height, width, height, _limiter.MaxDecodePixels, out _))
        {
            _metrics.ResizeRefused();
            var reason = $"decoding {frame.Width}x{frame.Height} even at 1/8 exceeds Bridge:MaxDecodePixels ({_limiter.MaxDecodePixels})";
            _logger.ResizeRefused(frame.CameraId, frame.Width, frame.Height, reason);
            throw new FrameTooLargeToResizeException(reason);
        }

        Task<byte[]> task;
        lock (_gate)
        {
            if (frame.IngestNumber > _currentIngestNumber)
            {
                _variants.Clear();
                _currentIngestNumber = frame.IngestNumber;
            }

            if (frame.IngestNumber == _currentIngestNumber && _variants.TryGetValue((width, height), out var cached))
            {
                Interlocked.Increment(ref _hits);
                return cached.WaitAsync(cancellationToken);
            }

            Interlocked.Increment(ref _misses);

            // Started without the caller's token: other clients may be waiting on the same result.
            task = ResizeAsync(frame, width, height);
            if (frame.IngestNumber == _currentIngestNumber && _variants.Count < _maxVariants)
            {
                _variants[(width, height)] = task;
            }
        }

        return task.WaitAsync(cancellationToken);
    }

    private async Task<byte[]> ResizeAsync(Frame frame, int width, int height)
    {
        await _oneAtATime.WaitAsync().ConfigureAwait(false);
        try
        {
            return await _limiter.RunAsync(
                () => JpegResizer.Resize(frame.Jpeg.Span, width, height, _quality, _limiter.MaxDecodePixels, _limiter.Buffers),
                CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
