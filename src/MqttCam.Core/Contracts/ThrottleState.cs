namespace MqttCam.Contracts;

/// <summary>Decoded bits of the Raspberry Pi firmware's throttled mask: "now" flags and "has occurred since boot" flags.</summary>
public sealed record ThrottleState
{
    public required string Raw { get; init; }

    public bool UnderVoltage { get; init; }

    public bool FrequencyCapped { get; init; }

    public bool Throttled { get; init; }

    public bool SoftTemperatureLimit { get; init; }

    public bool UnderVoltageOccurred { get; init; }

    public bool FrequencyCappedOccurred { get; init; }

    public bool ThrottledOccurred { get; init; }

    public bool SoftTemperatureLimitOccurred { get; init; }

    public static ThrottleState FromMask(uint mask) => new()
    {
        Raw = $"0x{mask:x}",
        UnderVoltage = (mask & 0x1) != 0,
        FrequencyCapped = (mask & 0x2) != 0,
        Throttled = (mask & 0x4) != 0,
        SoftTemperatureLimit = (mask & 0x8) != 0,
        UnderVoltageOccurred = (mask & 0x10000) != 0,
        FrequencyCappedOccurred = (mask & 0x20000) != 0,
        ThrottledOccurred = (mask & 0x40000) != 0,
        SoftTemperatureLimitOccurred = (mask & 0x80000) != 0,
    };
}
