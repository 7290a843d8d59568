using Microsoft.Extensions.Logging.Abstractions;
using MqttCam.Capture;
using MqttCam.Core.Settings;
using MqttCam.Testing.Media;

namespace MqttCam.Device.Tests.Feed;

/// <summary>
/// A source the test drives: <see cref="Emit"/> publishes a frame on the caller's thread, as a camera's reader thread
/// does. A lingering source keeps running after it is asked to stop until <see cref="End"/>, like a reader thread
/// still inside a read while its source is replaced; <see cref="End"/> also lets a source die on its own.
/// </summary>
internal sealed class ScriptedFrameSource : FrameSource
{
    private static readonly byte[] s_jpeg = TestJpegs.Create(32, 24);
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _end = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _lingers;

    // firstSequence: where its frame numbers start, so a test can tell two sources' frames apart.
    public ScriptedFrameSource(TimeProvider time, bool lingers = false, long firstSequence = 1)
        : base(new CameraSettings(), queueCapacity: 2, time, NullLogger.Instance)
    {
        _lingers = lingers;
        ContinueSequenceAfter(firstSequence - 1);
    }

    public override string Kind => "scripted";

    public override IReadOnlyCollection<string> LiveSettings { get; } = [];

    public override IReadOnlyCollection<string> RestartSettings { get; } = [];

    /// <summary>So the feed hands on the very frame published (no timestamp drawn into a copy).</summary>
    public override bool DrawsTimestamp => true;

    /// <summary>Completes once the run has started, so the source is the feed's current one.</summary>
    public Task Running => _running.Task;

    /// <summary>Publishes a new frame and returns it (after the call it belongs to the feed).</summary>
    public JpegFrame Emit()
    {
        var frame = JpegFrame.Create(s_jpeg, NextSequence(), TimeProvider.GetUtcNow());
        Publish(frame);
        return frame;
    }

    public void End() => _end.TrySetResult();

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        _running.TrySetResult();
        await (_lingers ? _end.Task : _end.Task.WaitAsync(stoppingToken)).ConfigureAwait(false);
    }
}
