using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MqttCam.Core.Contracts;
using MqttCam.Device.Hosting;
using MqttCam.Device.Messaging;
using MqttCam.Mqtt;

namespace MqttCam.Device.Commands;

/// <summary>One command being answered: its message and parsed request, and the ways to reply.</summary>
public sealed class CommandContext(MqttMessage message, CommandRequest request, Replies replies, BackgroundWork background, ILogger logger, CancellationToken cancellationToken)
{
    public MqttMessage Message => message;

    public CommandRequest Request => request;

    public string Action => request.Action;

    public JsonElement Arguments => request.Arguments;

    public JsonElement? Transaction => request.Transaction;

    /// <summary>Cancelled when the device stops.</summary>
    public CancellationToken CancellationToken => cancellationToken;

    public void Ok(JsonNode? data) => replies.Reply(Message, CommandResponse.Ok(Action, data, Transaction));

    /// <summary>Bad input or a request the device cannot serve: a warning line and an error reply.</summary>
    public Task Refuse(string error) => replies.Refuse(Message, Action, error, Transaction);

    /// <summary>The command broke while running: an error line and an error reply with the reason.</summary>
    public void Fail(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        logger.CommandFailed(Action, exception);
        replies.Reply(Message, CommandResponse.Failure(Action, exception.Message, Transaction));
    }

    /// <summary>Runs <paramref name="action"/> now and replies with its data, or with its failure.</summary>
    public async Task RunAsync(Func<Task<JsonNode?>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            Ok(await action().ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fail(ex);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> beside the message loop, tracked so the device's stop waits for it. Any failure
    /// other than the device stopping is replied as one.
    /// </summary>
    public Task RunInBackground(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        background.Run(async _ =>
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !CancellationToken.IsCancellationRequested)
            {
                Fail(ex);
            }
        });
        return Task.CompletedTask;
    }
}
