namespace MqttCam.Mqtt.Internal;

/// <summary>A publish handed to libmosquitto and not yet confirmed by on_publish; keyed by message id.</summary>
internal readonly struct PendingPublish
{
    public PendingPublish(int length, MqttQos qos, TaskCompletionSource? completion)
    {
        Length = length;
        Qos = qos;
        Completion = completion;
    }

    public int Length { get; }

    public MqttQos Qos { get; }

    /// <summary>Null for TryPublish, which nobody awaits (no allocation per frame).</summary>
    public TaskCompletionSource? Completion { get; }
}
