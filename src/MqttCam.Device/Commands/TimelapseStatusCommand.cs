using System.Text.Json.Nodes;
using MqttCam.Core.Contracts;
using MqttCam.Device.Timelapse;

namespace MqttCam.Device.Commands;

/// <summary><c>timelapse_status</c>: the running (or last stopped) timelapse.</summary>
public sealed class TimelapseStatusCommand(TimelapseControl timelapse) : ReplyCommand(DeviceCommands.TimelapseStatus.Name)
{
    protected override Task<JsonNode?> ReplyAsync(CancellationToken cancellationToken) => Task.FromResult(timelapse.StatusJson());
}
