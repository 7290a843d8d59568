using System.Text.Json.Nodes;
using MqttCam.Core.Contracts;
using MqttCam.Device.Announcing;
using MqttCam.Device.Timelapse;

namespace MqttCam.Device.Commands;

/// <summary><c>timelapse_stop</c>: stop the running timelapse (if any) and reply with its final status.</summary>
public sealed class TimelapseStopCommand(TimelapseControl timelapse, DeviceStatus status) : ReplyCommand(DeviceCommands.TimelapseStop.Name)
{
    protected override async Task<JsonNode?> ReplyAsync(CancellationToken cancellationToken)
    {
        await timelapse.StopAsync(cancellationToken).ConfigureAwait(false);
        status.RequestPublish();
        return timelapse.StatusJson();
    }
}
