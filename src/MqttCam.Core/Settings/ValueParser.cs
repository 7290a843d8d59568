namespace MqttCam.Core.Settings;

/// <summary>Reads a setting value from JSON or text; false when the input is not of the setting's type.</summary>
public delegate bool ValueParser<in TInput, TValue>(TInput input, out TValue value);
