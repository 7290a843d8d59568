namespace MqttCam.Core.Settings;

/// <summary>How a setting's value is written; drives validation messages and Home Assistant entity types.</summary>
public enum SettingKind
{
    WholeNumber,
    Number,
    Boolean,
    Choice,
    Resolution,
    Gains,
    Region,
}
