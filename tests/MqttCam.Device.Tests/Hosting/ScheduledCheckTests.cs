using System.Collections.Concurrent;
using MqttCam.Device.Hosting;
using MqttCam.Testing.Time;

namespace MqttCam.Device.Tests.Hosting;

public sealed class ScheduledCheckTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task NothingAsked_ArmsNoTimer_AndNeverRunsTheCheck()
    {
        using var stop = new CancellationTokenSource();
        var runs = 0;
        var run = new ScheduledCheck(_clock).RunAsync(() => { runs++; return null; }, stop.Token);

        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, runs);
        Assert.False(_clock.WaitForTimerAsync().IsCompleted);
        await stop.CancelAsync();
        await run.WaitAsync(s_timeout, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AskedTime_RunsTheCheckThen_AndAgainAtTheTimeItReturns_UntilItReturnsNull()
    {
        using var stop = new CancellationTokenSource();
        var start = _clock.GetUtcNow();
        var ranAt = new List<DateTimeOffset>();
        var check = new ScheduledCheck(_clock);
        var run = check.RunAsync(() =>
        {
            ranAt.Add(_clock.GetUtcNow());
            return ranAt.Count == 1 ? start.AddSeconds(5) : null;
        }, stop.Token);

        check.RunBy(start.AddSeconds(2));
        _clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Empty(ranAt);
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal([start.AddSeconds(2), start.AddSeconds(5)], ranAt);
        await stop.CancelAsync();
        await run.WaitAsync(s_timeout, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task EarlierTimeWins_AndATimeAskedBeforeTheStartStands()
    {
        using var stop = new CancellationTokenSource();
        var start = _clock.GetUtcNow();
        var ranAt = new List<DateTimeOffset>();
        var check = new ScheduledCheck(_clock);
        check.RunBy(start.AddSeconds(3));
        check.RunBy(start.AddSeconds(1));
        check.RunBy(start.AddSeconds(2));
        var run = check.RunAsync(() => { ranAt.Add(_clock.GetUtcNow()); return null; }, stop.Token);

        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal([start.AddSeconds(1)], ranAt);
        await stop.CancelAsync();
        await run.WaitAsync(s_timeout, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task FarTime_IsWaitedForInParts_AndRunsOnTime()
    {
        using var stop = new CancellationTokenSource();
        var due = _clock.GetUtcNow().AddDays(100);
        var ranAt = new List<DateTimeOffset>();
        var check = new ScheduledCheck(_clock);
        var run = check.RunAsync(() =>
        {
            ranAt.Add(_clock.GetUtcNow());
            return _clock.GetUtcNow() < due ? due : null;
        }, stop.Token);

        check.RunBy(due);
        _clock.Advance(TimeSpan.FromDays(101));

        Assert.Equal(due, ranAt[^1]);
        await stop.CancelAsync();
        await run.WaitAsync(s_timeout, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AfterStop_NothingRuns()
    {
        using var stop = new CancellationTokenSource();
        var runs = 0;
        var check = new ScheduledCheck(_clock);
        var run = check.RunAsync(() => { runs++; return null; }, stop.Token);
        check.RunBy(_clock.GetUtcNow().AddSeconds(1));

        await stop.CancelAsync();
        await run.WaitAsync(s_timeout, TestContext.Current.CancellationToken);
        check.RunBy(_clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task Stop_WaitsForACheckThatIsRunning()
    {
        using var stop = new CancellationTokenSource();
        var order = new ConcurrentQueue<string>();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopped = new ManualResetEventSlim();
        var check = new ScheduledCheck(_clock);
        var run = check.RunAsync(() =>
        {
            entered.SetResult();

            // A stop that does not wait for this check ends the run now, and this wait with it.
            stopped.Wait(TimeSpan.FromSeconds(1));
            order.Enqueue("check ended");
            return null;
        }, stop.Token);
        _ = run.ContinueWith(_ => { order.Enqueue("run ended"); stopped.Set(); }, TaskScheduler.Default);
        check.RunBy(_clock.GetUtcNow());
        var firing = Task.Run(() => _clock.Advance(TimeSpan.FromSeconds(1)), TestContext.Current.CancellationToken);
        await entered.Task.WaitAsync(s_timeout, TestContext.Current.CancellationToken);

        await stop.CancelAsync();
        await run.WaitAsync(s_timeout, TestContext.Current.CancellationToken);
        await firing.WaitAsync(s_timeout, TestContext.Current.CancellationToken);
        Assert.True(stopped.Wait(s_timeout, TestContext.Current.CancellationToken));

        Assert.Equal(["check ended", "run ended"], order);
    }

    [Fact]
    public async Task ACheckThatThrows_EndsTheRunWithItsException_AndRunsNoMore()
    {
        using var stop = new CancellationTokenSource();
        var runs = 0;
        var check = new ScheduledCheck(_clock);
        var run = check.RunAsync(() =>
        {
            runs++;
            throw new InvalidOperationException("broken check");
        }, stop.Token);
        check.RunBy(_clock.GetUtcNow().AddSeconds(1));

        _clock.Advance(TimeSpan.FromSeconds(1));

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => run.WaitAsync(s_timeout, TestContext.Current.CancellationToken));
        Assert.Equal("broken check", thrown.Message);
        check.RunBy(_clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, runs);
    }
}
