using Xunit;

namespace MqttCam.Testing.Broker;

/// <summary>
/// One broker shared by a test class or collection (<c>IClassFixture</c>/<c>ICollectionFixture</c>). Tests isolate
/// themselves with <see cref="NewTopicPrefix"/> instead of starting a broker each.
/// </summary>
public class MosquittoBrokerFixture : IAsyncLifetime
{
    private MosquittoBroker? _broker;

    public MosquittoBroker Broker => _broker ?? throw new InvalidOperationException("The fixture has not been initialised.");

    public string Host => Broker.Host;

    public int Port => Broker.Port;

    /// <summary>A unique topic prefix such as "test/3f2a.../" so tests sharing the broker never see each other's messages.</summary>
    public static string NewTopicPrefix() => "test/" + Guid.NewGuid().ToString("N") + "/";

    public virtual async ValueTask InitializeAsync() => _broker = await MosquittoBroker.StartAsync(CreateOptions()).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Override to start the shared broker with other options.</summary>
    protected virtual MosquittoBrokerOptions CreateOptions() => new();
}
