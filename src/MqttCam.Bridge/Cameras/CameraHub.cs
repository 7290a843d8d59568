using System.Text.Json.Nodes;
using MqttCam.Bridge.Serving;

namespace MqttCam.Bridge.Cameras;

/// <summary>
/// Everything the bridge knows about one camera: the latest frame and snapshot, availability, state, and the
/// clients watching it. Frames are fanned out with TryWrite only, so publishing never waits for a client.
/// </summary>
public sealed class CameraHub
{
    private readonly Lock _gate = new();
    private FrameSubscription[] _subscribers = [];
    private volatile Frame? _latest;
    private volatile Frame? _snapshot;
    private volatile string _availability = "unknown";
    private volatile JsonNode? _state;
    private long _ingestCount;
    private long _framesIn;
    private long _bytesIn;
    private long _lastActivityTicks;

    public CameraHub(string id, ResizedFrameCache resizedFrames, DateTimeOffset createdAt)
    {
        Id = id;
        ResizedFrames = resizedFrames;
        _lastActivityTicks = createdAt.UtcTicks;
    }

    /// <summary>When the bridge last received any message for this camera.</summary>
    public DateTimeOffset LastActivity => new(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero);

    public string Id { get; }

    public Frame? Latest => _latest;

    /// <summary>The last frame published on the retained <c>snapshot</c> topic (the last capture command).</summary>
    public Frame? Snapshot => _snapshot;

    /// <summary>"online", "offline" or "unknown" before the device said anything.</summary>
    public string Availability => _availability;

    public JsonNode? State => _state;

    public ResizedFrameCache ResizedFrames { get; }

    public long FramesIn => Interlocked.Read(ref _framesIn);

    public long BytesIn => Interlocked.Read(ref _bytesIn);

    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>Numbers frames in arrival order; used for ETags and for frames without a device sequence.</summary>
    public long NextIngestNumber() => Interlocked.Increment(ref _ingestCount);

    public void PublishFrame(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Interlocked.Increment(ref _framesIn);
        Interlocked.Add(ref _bytesIn, frame.Jpeg.Length);

        // The lock orders "set latest" against "subscribe and offer latest": without it a new subscriber could be
        // handed an older frame after a newer one and, with DropOldest, keep the older one.
        lock (_gate)
        {
            _latest = frame;
            foreach (var subscriber in _subscribers)
            {
                subscriber.Offer(frame);
            }
        }
    }

    public void PublishSnapshot(Frame frame) => _snapshot = frame;

    /// <summary>
    /// True for an id that is not (yet) a camera: no frame ever, not online, nobody watching, and no message since
    /// <paramref name="cutoff"/>. Only such ids are forgotten or evicted; a camera that sent a frame is kept.
    /// </summary>
    public bool IsIdleSince(DateTimeOffset cutoff) =>
        _latest is null && _snapshot is null && _availability != "online" && SubscriberCount == 0 && LastActivity <= cutoff;

    internal void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastActivityTicks, now.UtcTicks);

    public void SetAvailability(string availability) => _availability = availability;

    public void SetState(JsonNode? state) => _state = state;

    /// <summary>Subscribes a client; the latest frame (if any) is offered at once so it sees an image immediately.</summary>
    public FrameSubscription Subscribe()
    {
        var subscription = new FrameSubscription(Unsubscribe);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscription];
            if (_latest is { } latest)
            {
                subscription.Offer(latest);
            }
        }

        return subscription;
    }

    private void Unsubscribe(FrameSubscription subscription)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_subscribers, subscription);
            if (index >= 0)
            {
                _subscribers = [.. _subscribers.AsSpan(0, index), .. _subscribers.AsSpan(index + 1)];
            }
        }
    }
}
