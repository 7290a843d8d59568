namespace MqttCam.Contracts;

/// <summary>The exposure the sensor really used (from rpicam metadata), so night and locked modes can be verified.</summary>
public sealed record ExposureState
{
    public long? ShutterMicroseconds { get; init; }

    public double? AnalogueGain { get; init; }

    public double? RedGain { get; init; }

    public double? BlueGain { get; init; }

    public bool Locked { get; init; }
}
