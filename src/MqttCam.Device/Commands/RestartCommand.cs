using System.Text.Json.Nodes;
using MqttCam.Core.Contracts;
using MqttCam.Device.Feed;

namespace MqttCam.Device.Commands;

/// <summary><c>restart</c>: a fresh frame source built from the current settings.</summary>
public sealed class RestartCommand(LiveFeed feed) : ReplyCommand(DeviceCommands.Restart.Name)
{
    protected override async Task<JsonNode?> ReplyAsync(CancellationToken cancellationToken)
    {
        await feed.RestartAsync(cancellationToken).ConfigureAwait(false);
        return new JsonObject { ["source"] = feed.Source?.Kind };
    }
}
