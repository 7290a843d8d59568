using MqttCam.Core.Settings;

namespace MqttCam.Capture.Tests.Support;

/// <summary>A started frame source with collected logs and bounded waits for frames.</summary>
public sealed class SourceHarness<TSource> : IAsyncDisposable
    where TSource : FrameSource
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);
    private readonly Microsoft.Extensions.Logging.ILoggerFactory _loggerFactory;

    public SourceHarness(CaptureOptions options, CameraSettings settings)
    {
        Logs = new CollectingLoggerProvider();
        _loggerFactory = Logs.CreateFactory();
        Source = Assert.IsType<TSource>(FrameSourceFactory.Create(options, settings, _loggerFactory, TimeProvider.System));
    }

    public TSource Source { get; }

    public CollectingLoggerProvider Logs { get; }

    public async Task<SourceHarness<TSource>> StartAsync()
    {
        await Source.StartAsync(TestContext.Current.CancellationToken);
        return this;
    }

    /// <summary>The next frame (matching <paramref name="match"/>, others are disposed), or a timeout failure.</summary>
    public async Task<JpegFrame> NextFrameAsync(Func<JpegFrame, bool>? match = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(s_timeout);
        try
        {
            while (true)
            {
                var frame = await Source.Frames.ReadAsync(timeout.Token);
                if (match is null || match(frame))
                {
                    return frame;
                }

                frame.Dispose();
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            var log = string.Join(Environment.NewLine, Logs.Entries.Select(e => $"{e.Level} {e.EventName}: {e.Message}"));
            throw new TimeoutException($"No frame within {s_timeout}. Status: {Source.Status}{Environment.NewLine}{log}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync();
        _loggerFactory.Dispose();
    }
}
