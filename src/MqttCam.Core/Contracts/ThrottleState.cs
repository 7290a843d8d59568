namespace MqttCam.Contracts;

/// <summary>Decoded bits of the Raspberry Pi firmware's throttled mask: "now" flags and "has occurred since boot" flags.</summary>
public sealed record ThrottleState(
    string Raw,
    bool UnderVoltage,
    bool FrequencyCapped,
    bool Throttled,
    bool SoftTemperatureLimit,
    bool UnderVoltageOccurred,
    bool FrequencyCappedOccurred,
    bool ThrottledOccurred,
    bool SoftTemperatureLimitOccurred)
{
    public static ThrottleState FromMask(uint mask) => new(
        Raw: $"0x{mask:x}",
        UnderVoltage: (mask & 0x1) != 0,
        FrequencyCapped: (mask & 0x2) != 0,
        Throttled: (mask & 0x4) != 0,
        SoftTemperatureLimit: (mask & 0x8) != 0,
        UnderVoltageOccurred: (mask & 0x10000) != 0,
        FrequencyCappedOccurred: (mask & 0x20000) != 0,
        ThrottledOccurred: (mask & 0x40000) != 0,
        SoftTemperatureLimitOccurred: (mask & 0x80000) != 0);
}
