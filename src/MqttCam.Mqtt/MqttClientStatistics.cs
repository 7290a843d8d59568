namespace MqttCam.Mqtt;

/// <summary>Live, thread-safe counters of an <see cref="MqttClient"/>.</summary>
public sealed class MqttClientStatistics
{
    private long _messagesPublished;
    private long _bytesPublished;
    private long _messagesReceived;
    private long _bytesReceived;
    private long _receivedMessagesDropped;
    private long _publishesRejected;
    private long _reconnects;

    /// <summary>Publishes confirmed written (QoS 0) or acknowledged (QoS 1/2).</summary>
    public long MessagesPublished => Interlocked.Read(ref _messagesPublished);

    public long BytesPublished => Interlocked.Read(ref _bytesPublished);

    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Received messages evicted because <see cref="MqttClient.Messages"/> was full.</summary>
    public long ReceivedMessagesDropped => Interlocked.Read(ref _receivedMessagesDropped);

    /// <summary>TryPublish calls refused for back-pressure or for not being connected.</summary>
    public long PublishesRejected => Interlocked.Read(ref _publishesRejected);

    /// <summary>Successful connections after the first one.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    internal void OnPublished(long bytes)
    {
        Interlocked.Increment(ref _messagesPublished);
        Interlocked.Add(ref _bytesPublished, bytes);
    }

    internal void OnReceived(long bytes)
    {
        Interlocked.Increment(ref _messagesReceived);
        Interlocked.Add(ref _bytesReceived, bytes);
    }

    internal void OnReceivedDropped() => Interlocked.Increment(ref _receivedMessagesDropped);

    internal void OnPublishRejected() => Interlocked.Increment(ref _publishesRejected);

    internal void OnReconnected() => Interlocked.Increment(ref _reconnects);
}
