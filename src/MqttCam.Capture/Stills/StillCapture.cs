using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MqttCam.Core.Settings;

namespace MqttCam.Capture.Stills;

/// <summary>
/// Takes one picture straight from a camera source (no device, no broker): start the source at the wanted size, keep
/// the first frame after a short warm-up, stop. The size is asked of the camera itself, so a small picture never
/// costs a full-resolution capture plus a resize.
/// </summary>
public static class StillCapture
{
    /// <summary>Captures one picture; <c>warmUpFrames</c> are discarded first so auto exposure and white balance settle.</summary>
    /// <exception cref="TimeoutException">No frame arrived in time (the source's last error is in the message).</exception>
    public static async Task<CapturedImage> CaptureAsync(
        CaptureOptions options,
        CameraSettings settings,
        TimeSpan timeout,
        int warmUpFrames = 0,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmUpFrames);
        var source = FrameSourceFactory.Create(options, settings, loggerFactory ?? NullLoggerFactory.Instance, timeProvider ?? TimeProvider.System);
        await using (source.ConfigureAwait(false))
        {
            await source.StartAsync(cancellationToken).ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var seen = 0;
            try
            {
                await foreach (var frame in source.Frames.ReadAllAsync(deadline.Token).ConfigureAwait(false))
                {
                    using (frame)
                    {
                        if (seen++ < warmUpFrames)
                        {
                            continue;
                        }

                        return new CapturedImage(frame.ToArray(), frame.Width, frame.Height, frame.Sequence, frame.CapturedAt);
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The deadline: reported below with the reason.
            }

            var reason = source.Status.LastError is { } error ? $": {error}" : string.Empty;
            throw new TimeoutException($"no frame from the {source.Kind} source within {timeout.TotalSeconds:0.#} s{reason}");
        }
    }
}
