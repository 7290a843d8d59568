namespace MqttCam.Device.Commands;

/// <summary>
/// One action of <c>&lt;prefix&gt;/&lt;id&gt;/command</c>. <see cref="Name"/> is a name from
/// <see cref="MqttCam.Core.Contracts.DeviceCommands"/>; <see cref="CommandTable"/> refuses to start without exactly one
/// command per catalogue name. Register a new one with one line in <c>DeviceServices</c>.
/// </summary>
public interface IDeviceCommand
{
    string Name { get; }

    /// <summary>
    /// Runs on the message loop: answer through <paramref name="context"/>. Work that can take longer than a reply
    /// goes through <see cref="CommandContext.RunInBackground"/> so settings are still answered meanwhile.
    /// </summary>
    Task ExecuteAsync(CommandContext context);
}
