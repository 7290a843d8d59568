namespace MqttCam.Core.Settings;

/// <summary>How a setting appears in Home Assistant discovery (none: not offered as an entity).</summary>
public enum HomeAssistantEntity
{
    None,
    Select,
    Switch,
    NumberSlider,
    NumberBox,
}
