using System.Text.Json.Nodes;

namespace MqttCam.Device.Commands;

/// <summary>A command that does its work now and replies with the result's data (or with its failure).</summary>
public abstract class ReplyCommand(string name) : IDeviceCommand
{
    public string Name => name;

    public Task ExecuteAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.RunAsync(() => ReplyAsync(context.CancellationToken));
    }

    protected abstract Task<JsonNode?> ReplyAsync(CancellationToken cancellationToken);
}
