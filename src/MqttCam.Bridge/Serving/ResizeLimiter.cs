using System.Buffers;
using Microsoft.Extensions.Options;
using MqttCam.Bridge.Configuration;

namespace MqttCam.Bridge.Serving;

/// <summary>
/// Runs resizes on at most one core less than the machine has (at least one), so a resize storm always leaves a core
/// for serving other cameras, and owns the pixel buffers they decode into: a pool of its own, bounded by
/// <see cref="BridgeOptions.MaxDecodePixels"/> and one array per bucket per slot, instead of the shared pool that keeps
/// whatever huge arrays it was once handed.
/// </summary>
public sealed class ResizeLimiter : IDisposable
{
    private readonly SemaphoreSlim _slots;

    public ResizeLimiter(IOptions<BridgeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Slots = Math.Max(1, Environment.ProcessorCount - 1);
        _slots = new SemaphoreSlim(Slots, Slots);
        MaxDecodePixels = options.Value.MaxDecodePixels;
        var maxArray = (int)Math.Min(Array.MaxLength, MaxDecodePixels * 3);
        Buffers = ArrayPool<byte>.Create(maxArray, Slots);
    }

    public int Slots { get; }

    public long MaxDecodePixels { get; }

    /// <summary>Decode and resample buffers; returned after every resize.</summary>
    public ArrayPool<byte> Buffers { get; }

    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(work, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
