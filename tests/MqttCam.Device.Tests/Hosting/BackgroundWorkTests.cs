using MqttCam.Device.Hosting;

namespace MqttCam.Device.Tests.Hosting;

public sealed class BackgroundWorkTests
{
    [Fact]
    public async Task Wait_AfterCancel_ReturnsOnceEveryPieceHasEnded()
    {
        using var work = new BackgroundWork();
        var ended = 0;
        for (var i = 0; i < 3; i++)
        {
            work.Run(async token =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                Interlocked.Increment(ref ended);
            });
        }

        Assert.Equal(3, work.Count);
        work.Cancel();

        Assert.True(await work.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System));
        Assert.Equal(3, ended);
        Assert.Equal(0, work.Count);
    }

    [Fact]
    public async Task Wait_WorkThatIgnoresCancellation_ReportsItStillRunsAfterTheLimit()
    {
        using var work = new BackgroundWork();
        var never = new TaskCompletionSource();
        work.Run(_ => never.Task);
        work.Cancel();

        Assert.False(await work.WaitAsync(TimeSpan.FromMilliseconds(50), TimeProvider.System));
        Assert.Equal(1, work.Count);
        never.SetResult();
    }

    [Fact]
    public void Run_WorkThatCompletesInline_IsNotTracked()
    {
        using var work = new BackgroundWork();
        work.Run(_ => Task.CompletedTask);
        Assert.Equal(0, work.Count);
    }
}
