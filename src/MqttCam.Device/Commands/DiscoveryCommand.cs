using System.Text.Json.Nodes;
using MqttCam.Core.Contracts;
using MqttCam.Device.Announcing;

namespace MqttCam.Device.Commands;

/// <summary><c>discovery</c>: publish the Home Assistant discovery configs now; replies with how many topics.</summary>
public sealed class DiscoveryCommand(Announcer announcer) : ReplyCommand(DeviceCommands.Discovery.Name)
{
    protected override async Task<JsonNode?> ReplyAsync(CancellationToken cancellationToken) =>
        new JsonObject { ["topics"] = await announcer.PublishDiscoveryAsync(cancellationToken).ConfigureAwait(false) };
}
