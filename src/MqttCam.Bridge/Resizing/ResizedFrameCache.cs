using MqttCam.Bridge.Frames;
using MqttCam.Imaging;

namespace MqttCam.Bridge.Resizing;

/// <summary>
/// Resized variants of one camera's current frame: each (frame, size) is encoded once however many clients ask,
/// and at most <c>maxVariants</c> sizes are kept, all dropped when the next frame arrives.
/// </summary>
public sealed class ResizedFrameCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(int Width, int Height), Task<byte[]>> _variants = [];
    private readonly int _maxVariants;
    private readonly int _quality;
    private readonly ResizeLimiter _limiter;
    private long _currentIngestNumber;
    private long _hits;
    private long _misses;

    public ResizedFrameCache(int maxVariants, int quality, ResizeLimiter limiter)
    {
        _maxVariants = maxVariants;
        _quality = quality;
        _limiter = limiter;
    }

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>The JPEG of <paramref name="frame"/> resized to exactly <paramref name="width"/> x <paramref name="height"/>.</summary>
    public Task<byte[]> GetAsync(Frame frame, int width, int height, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
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
            task = _limiter.RunAsync(() => JpegResizer.Resize(frame.Jpeg.Span, width, height, _quality), CancellationToken.None);
            if (frame.IngestNumber == _currentIngestNumber && _variants.Count < _maxVariants)
            {
                _variants[(width, height)] = task;
            }
        }

        return task.WaitAsync(cancellationToken);
    }
}
