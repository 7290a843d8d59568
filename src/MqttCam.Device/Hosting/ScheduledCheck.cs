using System.Runtime.ExceptionServices;

namespace MqttCam.Device.Hosting;

/// <summary>
/// One of the device's timed checks (lease expiry, motion hold): the check runs when the time its owner asked for
/// (<see cref="RunBy"/>) comes on the injected clock, and says when it wants to run next (null: not until asked
/// again). Nothing is armed while there is nothing to time: a fixed tick woke the timer thread and a pool worker
/// several times a second for nothing, 10-20% of a passthrough frame's CPU (docs/benchmarks.md, issue 14).
/// The check runs only inside <see cref="RunAsync"/>, which returns after stop once no check is running.
/// </summary>
public sealed class ScheduledCheck(TimeProvider time)
{
    // A system timer takes at most ~49 days; a farther time is re-checked after this and armed again.
    private static readonly TimeSpan s_longestWait = TimeSpan.FromDays(1);

    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ExceptionDispatchInfo? _failure;
    private Func<DateTimeOffset?>? _check;
    private ITimer? _timer;
    private DateTimeOffset? _due;
    private bool _stopped;
    private int _running;

    /// <summary>Asks for a check at <paramref name="due"/> at the latest (an earlier one already asked for stands).</summary>
    public void RunBy(DateTimeOffset due)
    {
        lock (_gate)
        {
            if (_stopped || (_due is { } asked && asked <= due))
            {
                return;
            }

            _due = due;
            ArmLocked();
        }
    }

    /// <summary>Runs <paramref name="check"/> when asked (also for times asked before the start) until <paramref name="stoppingToken"/>.</summary>
    public async Task RunAsync(Func<DateTimeOffset?> check, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        using (stoppingToken.Register(() => _stopRequested.TrySetResult()))
        {
            lock (_gate)
            {
                if (_timer is not null || _stopped)
                {
                    throw new InvalidOperationException("The check already ran.");
                }

                _check = check;
                _timer = time.CreateTimer(OnDue, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                ArmLocked();
            }

            await _stopRequested.Task.ConfigureAwait(false);
        }

        lock (_gate)
        {
            _stopped = true;
            _timer.Dispose();
            if (_running == 0)
            {
                _drained.TrySetResult();
            }
        }

        // A check already past the gate finishes before stop goes on to dispose what it uses.
        await _drained.Task.ConfigureAwait(false);

        // A check that threw ends the run with its exception, as a loop that throws does: the host stops cleanly
        // (offline published) instead of the exception escaping a timer thread and killing the process.
        _failure?.Throw();
    }

    private void ArmLocked()
    {
        if (_timer is null || _due is not { } due)
        {
            return;
        }

        // Whole milliseconds, rounded up: a timer firing a fraction early would find nothing due and fire again at once.
        var wait = due - time.GetUtcNow();
        wait = wait <= TimeSpan.Zero ? TimeSpan.Zero
            : wait >= s_longestWait ? s_longestWait
            : TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds));
        _timer.Change(wait, Timeout.InfiniteTimeSpan);
    }

    private void OnDue(object? state)
    {
        Func<DateTimeOffset?> check;
        lock (_gate)
        {
            if (_stopped || _check is null)
            {
                return;
            }

            check = _check;
            _due = null;
            _running++;
        }

        try
        {
            // What changed while the check ran asked for its own time through RunBy; the earlier of the two stands.
            if (check() is { } next)
            {
                RunBy(next);
            }
        }
#pragma warning disable CA1031 // Any exception: it is handed to RunAsync's caller, not swallowed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(ex), null);
            _stopRequested.TrySetResult();
        }
        finally
        {
            lock (_gate)
            {
                _running--;
                if (_stopped && _running == 0)
                {
                    _drained.TrySetResult();
                }
            }
        }
    }
}
