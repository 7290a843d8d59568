using System.Text.Json;

namespace DeviceBench;

/// <summary>What the subscriber has seen from one camera; written by the reader, read by the scenario.</summary>
public sealed class CameraCounts
{
    private readonly TaskCompletionSource _firstFrame = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _frames;
    private long _bytes;
    private long _notJpeg;
    private long _badStates;

    public long Frames => Interlocked.Read(ref _frames);

    public long Bytes => Interlocked.Read(ref _bytes);

    public long NotJpeg => Interlocked.Read(ref _notJpeg);

    public long BadStates => Interlocked.Read(ref _badStates);

    /// <summary>Device-side totals from its latest state message: frames captured, sent and dropped.</summary>
    public (long Captured, long Sent, long Dropped)? LastState { get; private set; }

    public Task FirstFrame => _firstFrame.Task;

    public void OnImage(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 4 || payload[0] != 0xFF || payload[1] != 0xD8 || payload[^2] != 0xFF || payload[^1] != 0xD9)
        {
            Interlocked.Increment(ref _notJpeg);
            return;
        }

        Interlocked.Add(ref _bytes, payload.Length);
        Interlocked.Increment(ref _frames);
        _firstFrame.TrySetResult();
    }

    public void OnState(JsonElement state)
    {
        LastState = (Read(state, "frames_captured"), Read(state, "frames_sent"), Read(state, "frames_dropped"));
    }

    public void OnBadState() => Interlocked.Increment(ref _badStates);

    private static long Read(JsonElement state, string name) =>
        state.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : -1;
}
