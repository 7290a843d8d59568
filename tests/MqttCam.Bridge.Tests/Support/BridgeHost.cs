using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MqttCam.Bridge.Cameras;
using MqttCam.Bridge.Ingest;
using MqttCam.Bridge.Operations;

namespace MqttCam.Bridge.Tests.Support;

/// <summary>The real bridge application on a real Kestrel socket (port 0), configured for one test's topic prefix.</summary>
public sealed class BridgeHost : IAsyncDisposable
{
    private BridgeHost(WebApplication app, Uri address, string prefix)
    {
        App = app;
        Address = address;
        Prefix = prefix;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public string Prefix { get; }

    public HttpClient Http { get; }

    public CameraRegistry Cameras => App.Services.GetRequiredService<CameraRegistry>();

    public BridgeMetrics Metrics => App.Services.GetRequiredService<BridgeMetrics>();

    public static Task<BridgeHost> StartAsync(BrokerFixture broker, IDictionary<string, string?>? settings = null, string? prefix = null, TimeProvider? time = null) =>
        StartAsync(broker.Port, settings, prefix, time);

    /// <summary>A bridge on a broker of the test's own (one it may stop and restart).</summary>
    public static async Task<BridgeHost> StartAsync(int brokerPort, IDictionary<string, string?>? settings = null, string? prefix = null, TimeProvider? time = null)
    {
        prefix ??= BrokerFixture.NewTopicPrefix();
        var values = new Dictionary<string, string?>
        {
            ["Mqtt:Host"] = "127.0.0.1",
            ["Mqtt:Port"] = brokerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mqtt:TopicPrefix"] = prefix,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var app = BridgeApp.Build(["--urls", "http://127.0.0.1:0"], config => config.AddInMemoryCollection(values), services =>
        {
            if (time is not null)
            {
                services.AddSingleton(time);
            }
        });
        var token = TestContext.Current.CancellationToken;
        await app.StartAsync(token);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await app.Services.GetRequiredService<SubscriptionStatus>().Subscribed.WaitAsync(TimeSpan.FromSeconds(15), token);
        return new BridgeHost(app, new Uri(address), prefix);
    }

    public Uri WebSocketUri(string path) => new UriBuilder(Address) { Scheme = "ws", Path = path }.Uri;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}
