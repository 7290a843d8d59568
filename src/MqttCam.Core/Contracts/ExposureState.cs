namespace MqttCam.Contracts;

/// <summary>The exposure the sensor really used (from rpicam metadata), so night and locked modes can be verified.</summary>
public sealed record ExposureState(long? ShutterMicroseconds, double? AnalogueGain, double? RedGain, double? BlueGain, bool Locked);
