using System.Text.Json;
using System.Text.Json.Nodes;
using MqttCam.Contracts;
using MqttCam.Device.Timelapse;

namespace MqttCam.Device.Commands;

/// <summary><c>timelapse_status</c>: the running (or last stopped) timelapse.</summary>
public sealed class TimelapseStatusCommand(TimelapseControl timelapse) : ReplyCommand(DeviceCommands.TimelapseStatus)
{
    protected override Task<JsonNode?> ReplyAsync(CancellationToken cancellationToken) => Task.FromResult(Json(timelapse));

    /// <summary>The reply data of all three timelapse commands.</summary>
    internal static JsonNode? Json(TimelapseControl timelapse) =>
        JsonSerializer.SerializeToNode(timelapse.Status ?? new TimelapseState(), ContractJson.Default.TimelapseState);
}
