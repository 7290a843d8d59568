namespace MqttCam.Bridge.Streaming;

/// <summary>
/// Bounds how long one write to a stream client may go without completing (<c>Bridge:StreamStallSeconds</c>). A
/// client that stops reading fills its socket buffers and then every flush waits; Kestrel's data-rate limits do not
/// fire for a response that is waiting on flushes, so without this the connection and its kernel buffers (megabytes)
/// would be held for ever.
/// </summary>
internal sealed class StallGuard : IDisposable
{
    private readonly CancellationTokenSource _write;
    private readonly CancellationToken _clientGone;
    private readonly TimeSpan _limit;

    public StallGuard(TimeSpan limit, TimeProvider timeProvider, CancellationToken clientGone)
    {
        _limit = limit;
        _clientGone = clientGone;
        _write = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        clientGone.Register(static state => ((CancellationTokenSource)state!).Cancel(), _write);
    }

    /// <summary>Cancelled when the client leaves or the current write passes the limit.</summary>
    public CancellationToken Token => _write.Token;

    /// <summary>True when a cancellation came from the limit rather than from the client leaving.</summary>
    public bool Stalled => _write.IsCancellationRequested && !_clientGone.IsCancellationRequested;

    public void WriteStarting() => _write.CancelAfter(_limit);

    public void WriteFinished() => _write.CancelAfter(Timeout.InfiniteTimeSpan);

    public void Dispose() => _write.Dispose();
}
