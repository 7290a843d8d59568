namespace MqttCam.Bridge.Tests.Support;

/// <summary>One broker for the whole assembly; every test isolates itself with its own topic prefix.</summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    private MosquittoProcess? _broker;

    public int Port => _broker?.Port ?? throw new InvalidOperationException("The broker has not started.");

    public static string NewTopicPrefix() => "test/" + Guid.NewGuid().ToString("N")[..12];

    public async ValueTask InitializeAsync() => _broker = await MosquittoProcess.StartAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
