namespace MqttCam.Device.HomeAssistant;

/// <summary>A device command Home Assistant shows as a button; pressing it publishes <c>{"action":"…"}</c>.</summary>
/// <param name="Action">A command from <see cref="Core.Contracts.DeviceCommands"/>.</param>
/// <param name="Label">The entity name.</param>
/// <param name="Icon">An mdi icon, or null for the device class's.</param>
/// <param name="DeviceClass">Home Assistant's button device class, or null.</param>
/// <param name="NeedsExposure">Only announced where the source reports exposure (the command fails elsewhere).</param>
public sealed record HomeAssistantButton(string Action, string Label, string? Icon = null, string? DeviceClass = null, bool NeedsExposure = false);
