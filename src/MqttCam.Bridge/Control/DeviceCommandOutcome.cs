using MqttCam.Core.Contracts;

namespace MqttCam.Bridge.Control;

/// <summary>The result of <see cref="DeviceCommandClient.SendAsync"/>: the device's response when it answered in time.</summary>
public sealed record DeviceCommandOutcome(DeviceCommandStatus Status, CommandResponse? Response);
