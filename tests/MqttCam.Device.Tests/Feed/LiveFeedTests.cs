using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using MqttCam.Capture;
using MqttCam.Capture.TestPattern;
using MqttCam.Core.Settings;
using MqttCam.Device.Announcing;
using MqttCam.Device.Configuration;
using MqttCam.Device.Feed;
using MqttCam.Device.Persistence;
using MqttCam.Device.Publishing;
using MqttCam.Device.Settings;
using MqttCam.Testing.Files;
using MqttCam.Testing.Time;

namespace MqttCam.Device.Tests.Feed;

/// <summary>
/// The frame path from a source's capture thread to the sinks: order, a failing sink, a source switch, a source that
/// dies, and stop (CameraDevice.StopAsync: after the loops stop no sink gets a frame).
/// </summary>
public sealed class LiveFeedTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private readonly TemporaryDirectory _state = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));
    private readonly SettingsStore _store;
    private readonly CurrentSettings _settings;
    private readonly DeviceStatus _status;
    private readonly FrameStatistics _statistics;

    public LiveFeedTests()
    {
        var configuration = DeviceConfiguration.Load(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Device:StateDirectory"] = _state.Path,
                ["Camera:Width"] = "160",
                ["Camera:Height"] = "120",
                ["Camera:Fps"] = "10",
            }).Build(),
            out var errors);
        Assert.Empty(errors);
        _store = new SettingsStore(_state.Path, NullLogger<SettingsStore>.Instance);
        _settings = new CurrentSettings(configuration, _store);
        _status = new DeviceStatus(_time);
        _statistics = new FrameStatistics(_time);
    }

    [Fact]
    public async Task FramesOfARealSource_ReachTheSinksInOrder_PastASinkThatThrows()
    {
        var sink = new RecordingSink();
        TestPatternFrameSource? source = null;
        using var feed = CreateFeed(
            settings => source = new TestPatternFrameSource(settings, queueCapacity: 2, _time, NullLogger<TestPatternFrameSource>.Instance),
            new CallbackSink(_ => throw new InvalidOperationException("a faulty sink")), sink);

        await feed.StartAsync(TestContext.Current.CancellationToken);
        await sink.WaitForAsync(1, s_timeout);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        await sink.WaitForAsync(2, s_timeout);

        Assert.Equal([1L, 2L], sink.Frames.Select(f => f.Sequence));
        Assert.Equal(2, _statistics.FramesCaptured);
        long? latest = null;
        feed.WithLatest(frame => latest = frame.Sequence);
        Assert.Equal(2, latest);

        // The frames went straight to the feed: nothing waits in the source's queue.
        Assert.False(Assert.IsType<TestPatternFrameSource>(source).Frames.TryRead(out _));
        await feed.StopAsync();
    }

    [Fact]
    public async Task OnceStoppingIsRequested_NoSinkGetsAFrame_AndLateFramesAreReleased()
    {
        var sink = new RecordingSink();
        var source = new ScriptedFrameSource(_time);
        using var feed = CreateFeed(_ => source, sink);
        using var stopping = new CancellationTokenSource();
        await feed.StartAsync(TestContext.Current.CancellationToken);
        var run = feed.RunAsync(stopping.Token);
        await source.Running.WaitAsync(s_timeout, TestContext.Current.CancellationToken);

        var delivered = source.Emit();
        await stopping.CancelAsync();
        var whileStopping = source.Emit();
        await run.WaitAsync(s_timeout, TestContext.Current.CancellationToken);
        var afterTheLoop = source.Emit();

        Assert.Equal([delivered], sink.Frames);
        Assert.True(whileStopping.IsDisposed, "a frame captured once stopping was requested still holds its pooled buffer");
        Assert.True(afterTheLoop.IsDisposed, "a frame captured after the loop ended still holds its pooled buffer");
        Assert.False(delivered.IsDisposed, "the latest frame is kept until the feed stops");

        await feed.StopAsync();
        Assert.True(delivered.IsDisposed, "stop releases the latest frame");
        Assert.True(source.Completion.IsCompleted);
    }

    [Fact]
    public async Task AfterARestart_ALateFrameOfTheOldSource_IsDroppedAndNeverFollowsTheNewSourcesFrames()
    {
        var sink = new RecordingSink();
        var created = Channel.CreateUnbounded<ScriptedFrameSource>();
        var count = 0;
        using var feed = CreateFeed(_ => Created(created, new ScriptedFrameSource(_time, lingers: count++ == 0)), sink);
        await feed.StartAsync(TestContext.Current.CancellationToken);
        var old = await NextSourceAsync(created);
        var beforeTheSwitch = old.Emit();

        // The old source is still inside a read while the new one runs: the restart waits for it to end.
        var restart = feed.RestartAsync(TestContext.Current.CancellationToken);
        var fresh = await NextSourceAsync(created);
        var first = fresh.Emit();
        var late = old.Emit();
        var second = fresh.Emit();
        Assert.False(restart.IsCompleted);
        old.End();
        await restart.WaitAsync(s_timeout, TestContext.Current.CancellationToken);

        Assert.Equal([beforeTheSwitch, first, second], sink.Frames);
        Assert.True(late.IsDisposed, "the old source's late frame still holds its pooled buffer");
        Assert.Equal(1, _statistics.FramesDropped);
        Assert.Same(fresh, feed.Source);
        await feed.StopAsync();
    }

    [Fact]
    public async Task ARestart_WaitsForTheOldSourcesFrameToLeaveTheSinks_BeforeTheNewSourceBecomesCurrent()
    {
        var created = Channel.CreateUnbounded<ScriptedFrameSource>();
        using var freshCreated = new ManualResetEventSlim();
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        FrameSource? currentAsTheOldFrameLeft = null;
        LiveFeed? feedSeen = null;
        var recorded = new RecordingSink();

        // The sink holds the old source's frame until the new source exists, then reads which source is current.
        var holdingSink = new CallbackSink(frame =>
        {
            if (frame.Sequence == 1)
            {
                holding.TrySetResult();
                Assert.True(freshCreated.Wait(s_timeout), "the restart never made the new source");
                // Some work, as a sink does: a switch that did not wait for it would have happened meanwhile.
                Thread.SpinWait(100_000);
                currentAsTheOldFrameLeft = feedSeen!.Source;
            }
        });
        var count = 0;
        using var feed = CreateFeed(
            _ =>
            {
                var made = count++;
                var source = Created(created, new ScriptedFrameSource(_time, firstSequence: (made * 1000) + 1));
                if (made == 1)
                {
                    freshCreated.Set();
                }

                return source;
            },
            holdingSink,
            recorded);
        feedSeen = feed;
        await feed.StartAsync(TestContext.Current.CancellationToken);
        var old = await NextSourceAsync(created);

        var oldFrame = Task.Run(old.Emit, TestContext.Current.CancellationToken);
        await holding.Task.WaitAsync(s_timeout, TestContext.Current.CancellationToken);
        var restart = Task.Run(() => feed.RestartAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        var fresh = await NextSourceAsync(created);
        var freshFrame = fresh.Emit();
        await Task.WhenAll(oldFrame, restart).WaitAsync(s_timeout, TestContext.Current.CancellationToken);

        Assert.Same(old, currentAsTheOldFrameLeft);
        Assert.Equal([await oldFrame, freshFrame], recorded.Frames);
        await feed.StopAsync();
    }

    [Fact]
    public async Task ASourceThatEndsOnItsOwn_IsReplacedASecondLater_WithTheErrorRecorded()
    {
        var sink = new RecordingSink();
        var created = Channel.CreateUnbounded<ScriptedFrameSource>();
        using var feed = CreateFeed(_ => Created(created, new ScriptedFrameSource(_time)), sink);
        using var stopping = new CancellationTokenSource();
        await feed.StartAsync(TestContext.Current.CancellationToken);
        var run = feed.RunAsync(stopping.Token);
        var dying = await NextSourceAsync(created);

        dying.End();
        await _time.WaitForTimerAsync().WaitAsync(s_timeout, TestContext.Current.CancellationToken);
        Assert.Equal("scripted source stopped", _status.LastError.Error);
        Assert.False(created.Reader.TryRead(out _), "restarted before the second had passed");
        _time.Advance(TimeSpan.FromSeconds(1));
        var replacement = await NextSourceAsync(created);

        Assert.Same(replacement, feed.Source);
        var frame = replacement.Emit();
        Assert.Equal([frame], sink.Frames);
        await stopping.CancelAsync();
        await run.WaitAsync(s_timeout, TestContext.Current.CancellationToken);
        await feed.StopAsync();
    }

    public void Dispose()
    {
        _store.Dispose();
        _state.Dispose();
    }

    private static ScriptedFrameSource Created(Channel<ScriptedFrameSource> created, ScriptedFrameSource source)
    {
        created.Writer.TryWrite(source);
        return source;
    }

    /// <summary>The next source the feed made, once it runs (so it is the feed's current source).</summary>
    private static async Task<ScriptedFrameSource> NextSourceAsync(Channel<ScriptedFrameSource> created)
    {
        var source = await created.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(s_timeout, TestContext.Current.CancellationToken);
        await source.Running.WaitAsync(s_timeout, TestContext.Current.CancellationToken);
        return source;
    }

    private LiveFeed CreateFeed(Func<CameraSettings, FrameSource> createSource, params IFrameSink[] sinks) =>
        new(createSource, _settings, _status, _statistics, sinks, _time, NullLogger<LiveFeed>.Instance);

    private sealed class CallbackSink(Action<JpegFrame> onFrame) : IFrameSink
    {
        public void OnFrame(JpegFrame frame) => onFrame(frame);
    }
}
