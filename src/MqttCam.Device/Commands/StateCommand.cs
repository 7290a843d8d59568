using System.Text.Json;
using System.Text.Json.Nodes;
using MqttCam.Core.Contracts;
using MqttCam.Device.Announcing;

namespace MqttCam.Device.Commands;

/// <summary><c>state</c>: the state JSON as a reply, built now.</summary>
public sealed class StateCommand(StatePublisher state) : ReplyCommand(DeviceCommands.State.Name)
{
    protected override Task<JsonNode?> ReplyAsync(CancellationToken cancellationToken) =>
        Task.FromResult<JsonNode?>(JsonSerializer.SerializeToNode(state.Build(), ContractJson.Default.CameraState));
}
