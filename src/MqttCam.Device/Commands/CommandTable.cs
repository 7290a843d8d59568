using Microsoft.Extensions.Logging;
using MqttCam.Core.Contracts;
using MqttCam.Device.Hosting;
using MqttCam.Device.Messaging;
using MqttCam.Mqtt;

namespace MqttCam.Device.Commands;

/// <summary>
/// The <c>command</c> topic's dispatcher: parses the request and hands it to the one command registered under its
/// action name. The rows are the <see cref="IDeviceCommand"/> registrations; at start it checks they match the
/// catalogue (<see cref="DeviceCommands.All"/>) one to one, so a command cannot be listed and unanswered.
/// </summary>
public sealed class CommandTable(IEnumerable<IDeviceCommand> commands, Replies replies, BackgroundWork background, ILogger<CommandTable> logger)
{
    private readonly Dictionary<string, IDeviceCommand> _rows = Build(commands);

    public Task HandleAsync(MqttMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!CommandRequest.TryParse(message.Payload.Span, out var request, out var error, out var transaction))
        {
            return replies.Refuse(message, null, error, transaction);
        }

        return _rows.TryGetValue(request.Action, out var command)
            ? command.ExecuteAsync(new CommandContext(message, request, replies, background, logger, cancellationToken))
            : replies.Refuse(message, request.Action, $"unknown action '{Truncate(request.Action)}' (known: {string.Join(", ", DeviceCommands.Names)})", request.Transaction);
    }

    /// <exception cref="InvalidOperationException">A command is registered twice or not in the catalogue, or a catalogue name has no command.</exception>
    internal static Dictionary<string, IDeviceCommand> Build(IEnumerable<IDeviceCommand> commands)
    {
        var rows = new Dictionary<string, IDeviceCommand>(StringComparer.Ordinal);
        foreach (var command in commands)
        {
            if (DeviceCommands.Find(command.Name) is null)
            {
                throw new InvalidOperationException($"{command.GetType().Name} answers '{command.Name}', which is not in DeviceCommands.All");
            }

            if (!rows.TryAdd(command.Name, command))
            {
                throw new InvalidOperationException($"'{command.Name}' is answered by both {rows[command.Name].GetType().Name} and {command.GetType().Name}");
            }
        }

        var missing = DeviceCommands.Names.Where(n => !rows.ContainsKey(n)).ToArray();
        return missing.Length == 0
            ? rows
            : throw new InvalidOperationException($"no command answers {string.Join(", ", missing)} (add a class and a line in DeviceServices)");
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
