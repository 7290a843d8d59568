using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MqttCam.Cli.Broker;
using MqttCam.Cli.Options;
using MqttCam.Cli.Output;
using MqttCam.Contracts;
using MqttCam.Mqtt;

namespace MqttCam.Cli.Commands;

/// <summary>
/// Sends a command to a running device and prints its response: <c>mqttcam command lock</c>,
/// <c>mqttcam command capture width=640 save=true</c>. Values are JSON when they parse as JSON, otherwise strings.
/// </summary>
public static class DeviceCommand
{
    public static Command Create(Terminal terminal)
    {
        var action = new Argument<string>("action") { Description = string.Join(", ", DeviceCommands.Names) };
        var arguments = new Argument<string[]>("arguments") { Description = "key=value pairs", Arity = ArgumentArity.ZeroOrMore };
        var broker = new BrokerOptions();
        var command = new Command("command", "Send a command to a running device and print the response") { action, arguments };
        broker.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandGuard.RunAsync(terminal, () =>
            SendAsync(terminal, broker, parse, parse.GetValue(action)!, ParsePairs(parse.GetValue(arguments) ?? []), cancellationToken)));
        return command;
    }

    /// <summary>A subcommand bound to one device action (lock, timelapse stop), with optional extra arguments.</summary>
    public static Command CreateFixed(Terminal terminal, string name, CommandDescriptor action, Func<ParseResult, JsonObject>? arguments = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        var broker = new BrokerOptions();
        var command = new Command(name, action.Description);
        broker.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandGuard.RunAsync(terminal, () =>
            SendAsync(terminal, broker, parse, action.Name, arguments?.Invoke(parse) ?? [], cancellationToken)));
        return command;
    }

    /// <exception cref="ArgumentException">A pair is not key=value.</exception>
    public static JsonObject ParsePairs(IEnumerable<string> pairs)
    {
        var result = new JsonObject();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"'{pair}' is not key=value");
            }

            var text = pair[(equals + 1)..];
            JsonNode? value;
            try
            {
                value = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                value = JsonValue.Create(text);
            }

            result[pair[..equals]] = value;
        }

        return result;
    }

    private static async Task<int> SendAsync(Terminal terminal, BrokerOptions broker, ParseResult parse, string action, JsonObject arguments, CancellationToken cancellationToken)
    {
        var topics = broker.ReadTopics(parse);
        var timeout = broker.ReadTimeout(parse);
        var transaction = Guid.NewGuid().ToString("N");
        arguments["action"] = action;
        arguments["transaction"] = transaction;
        try
        {
            // The plain response topic (with our transaction id) works for MQTT 3.1.1 and 5 alike.
            var session = await BrokerSession.OpenAsync(broker.ReadClient(parse), topics.Response, MqttQos.AtLeastOnce, timeout, cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                var requester = new MqttRequester<CommandResponse>(session.Client, ReadResponse, response => response.Transaction is { ValueKind: JsonValueKind.String } tx ? tx.GetString() : null);
                var request = requester.RequestAsync(topics.Command, JsonSerializer.SerializeToUtf8Bytes(arguments, ContractJson.NodeTypeInfo), responseTopic: null, transaction, Timeout.InfiniteTimeSpan, TimeProvider.System, session.Deadline);
                CommandResponse response;
                using (var stopRouting = CancellationTokenSource.CreateLinkedTokenSource(session.Deadline))
                {
                    var routing = RouteRepliesAsync(session.Client, requester, stopRouting.Token);
                    try
                    {
                        response = await request.ConfigureAwait(false);
                    }
                    finally
                    {
                        await stopRouting.CancelAsync().ConfigureAwait(false);
                        await routing.ConfigureAwait(false);
                    }
                }

                if (!response.IsOk)
                {
                    await terminal.Error.WriteLineAsync($"error: {action}: {response.Error}").ConfigureAwait(false);
                    return CommandGuard.Failed;
                }

                await terminal.Output.WriteLineAsync(response.Data?.ToJsonString(ContractJson.Indented) ?? "ok").ConfigureAwait(false);
                return CommandGuard.Ok;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no response to '{action}' on {topics.Response} within {timeout.TotalSeconds:0.#} s (is the device '{topics.CameraId}' running?)");
        }
    }

    /// <summary>Hands every message on the response subscription to the requester until it is answered or stopped.</summary>
    private static async Task RouteRepliesAsync(MqttClient client, MqttRequester<CommandResponse> requester, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in client.Messages.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (requester.TryComplete(message))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Answered, timed out or cancelled: the request reports which.
        }
    }

    private static CommandResponse? ReadResponse(MqttMessage message)
    {
        try
        {
            return CommandResponse.Parse(message.Payload.Span);
        }
        catch (JsonException)
        {
            // Not a reply (or not ours to read): keep waiting for ours.
            return null;
        }
    }
}
