using MqttCam.Mqtt;

namespace MqttCam.Cli.Broker;

/// <summary>
/// A command's visit to the broker: a client connected and subscribed to the one topic the command reads, under a
/// deadline that covers connecting and whatever the command waits for next. Disposing it disconnects.
/// </summary>
internal sealed class BrokerSession : IAsyncDisposable
{
    private readonly CancellationTokenSource _deadline;

    private BrokerSession(MqttClient client, CancellationTokenSource deadline)
    {
        Client = client;
        _deadline = deadline;
    }

    public MqttClient Client { get; }

    /// <summary>Cancelled when the timeout given to <see cref="OpenAsync"/> passes or the command is cancelled.</summary>
    public CancellationToken Deadline => _deadline.Token;

    /// <exception cref="OperationCanceledException">The deadline passed, or the command was cancelled, before the subscription stood.</exception>
    public static async Task<BrokerSession> OpenAsync(MqttClientOptions options, string topic, MqttQos qos, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var client = new MqttClient(options);
        try
        {
            await client.ConnectAsync(deadline.Token).ConfigureAwait(false);
            await client.SubscribeAsync(topic, qos, deadline.Token).ConfigureAwait(false);
            return new BrokerSession(client, deadline);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            deadline.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync().ConfigureAwait(false);
        _deadline.Dispose();
    }
}
