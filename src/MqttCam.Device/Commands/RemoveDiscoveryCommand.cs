using System.Text.Json.Nodes;
using MqttCam.Core.Contracts;
using MqttCam.Device.Announcing;

namespace MqttCam.Device.Commands;

/// <summary><c>remove_discovery</c>: empty the retained discovery configs, which removes the device from Home Assistant.</summary>
public sealed class RemoveDiscoveryCommand(Announcer announcer) : ReplyCommand(DeviceCommands.RemoveDiscovery.Name)
{
    protected override async Task<JsonNode?> ReplyAsync(CancellationToken cancellationToken) =>
        new JsonObject { ["topics"] = await announcer.RemoveDiscoveryAsync(cancellationToken).ConfigureAwait(false) };
}
