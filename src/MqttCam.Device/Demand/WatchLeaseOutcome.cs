namespace MqttCam.Device.Demand;

public enum WatchLeaseChange
{
    /// <summary>A new consumer now watches.</summary>
    Added,

    /// <summary>A watching consumer renewed (or changed the fps of) its lease.</summary>
    Renewed,

    /// <summary>An empty payload ended the consumer's lease (or there was none to end).</summary>
    Released,

    /// <summary>Nothing changed; <see cref="WatchLeaseOutcome.Reason"/> says why (log it).</summary>
    Refused,
}

/// <summary>What one lease message did to the table.</summary>
public readonly record struct WatchLeaseOutcome(WatchLeaseChange Change, string? Reason = null);
