namespace MqttCam.Bridge.Ingest;

/// <summary>Completes once the camera subscriptions are in place (the client re-issues them after reconnects).</summary>
public sealed class SubscriptionStatus
{
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Subscribed => _subscribed.Task;

    public bool IsSubscribed => _subscribed.Task.IsCompleted;

    internal void MarkSubscribed() => _subscribed.TrySetResult();
}
