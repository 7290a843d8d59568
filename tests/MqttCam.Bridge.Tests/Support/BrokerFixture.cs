using MqttCam.Testing.Broker;

namespace MqttCam.Bridge.Tests.Support;

/// <summary>One shared real mosquitto for the whole assembly; every test isolates itself with its own topic prefix.</summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    private MosquittoBroker? _broker;

    public int Port => _broker?.Port ?? throw new InvalidOperationException("The broker has not started.");

    public static string NewTopicPrefix() => "test/" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A free loopback port for listeners the bridge opens itself (TCP ingest).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask InitializeAsync() => _broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions
    {
        // Tests publish bursts of large retained frames; the default queue of 1000 is per client and ample, TCP_NODELAY
        // keeps per-frame latency low like production.
        ExtraConfig = ["set_tcp_nodelay true"],
        LogSubscriptions = false,
    });

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
