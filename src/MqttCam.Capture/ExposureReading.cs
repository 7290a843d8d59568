namespace MqttCam.Capture;

/// <summary>One frame's exposure as the sensor used it (rpicam metadata ExposureTime, AnalogueGain, ColourGains).</summary>
public readonly record struct ExposureReading(long ShutterMicroseconds, double AnalogueGain, double RedGain, double BlueGain);
