using System.Diagnostics;
using System.Threading.Channels;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Network;
using static MqttCam.Mqtt.Tests.Support.TestClients;

namespace MqttCam.Mqtt.Tests;

/// <summary>A TCP path that goes silent without closing (a proxy under SIGSTOP) is noticed within 1.5x keep-alive.</summary>
public sealed class MqttClientFrozenLinkTests(MosquittoBrokerFixture fixture) : IClassFixture<MosquittoBrokerFixture>
{
    private static readonly TimeSpan s_keepAlive = TimeSpan.FromSeconds(5);

    // 1.5x keep-alive, the documented bound, plus the watchdog's check interval and scheduling slack.
    private static readonly TimeSpan s_bound = s_keepAlive * 1.5 + TimeSpan.FromSeconds(1);

    [Fact]
    public async Task FrozenLink_IsDroppedWithinOneAndAHalfKeepAlives_AndReconnectsAfterTheThaw()
    {
        await using var proxy = new FrozenLinkProxy(fixture.Broker.Host, fixture.Broker.Port);
        var states = Channel.CreateUnbounded<MqttConnectionStateChangedEventArgs>();
        await using var client = new MqttClient(new MqttClientOptions
        {
            Host = proxy.Host,
            Port = proxy.Port,
            KeepAlive = s_keepAlive,
            ReconnectDelay = TimeSpan.FromMilliseconds(200),
            MaxReconnectDelay = TimeSpan.FromSeconds(1),
        });
        client.ConnectionStateChanged += (_, e) => states.Writer.TryWrite(e);
        await client.ConnectAsync(Token).WaitAsync(WaitTimeout, Token);
        await DrainUntilAsync(states.Reader, MqttConnectionState.Connected, WaitTimeout);

        proxy.Freeze();
        var frozenFor = Stopwatch.StartNew();
        MqttConnectionStateChangedEventArgs lost = await DrainUntilAsync(states.Reader, MqttConnectionState.Connecting, s_bound);
        TimeSpan noticed = frozenFor.Elapsed;

        TestContext.Current.SendDiagnosticMessage($"frozen link noticed after {noticed.TotalSeconds:F1} s (keep-alive {s_keepAlive.TotalSeconds} s)");
        Assert.True(noticed <= s_bound, $"noticed after {noticed}, bound {s_bound}");
        Assert.Equal(19, lost.ReasonCode);
        Assert.Contains("keepalive timeout", lost.Reason, StringComparison.Ordinal);

        proxy.Thaw();
        await DrainUntilAsync(states.Reader, MqttConnectionState.Connected, WaitTimeout);
        Assert.Equal(1, client.Statistics.Reconnects);
        Assert.True(proxy.Accepted >= 2);
    }

    [Fact]
    public async Task LiveLink_QuietForSeveralKeepAlives_StaysConnected()
    {
        await using var proxy = new FrozenLinkProxy(fixture.Broker.Host, fixture.Broker.Port);
        var states = Channel.CreateUnbounded<MqttConnectionStateChangedEventArgs>();
        await using var client = new MqttClient(new MqttClientOptions { Host = proxy.Host, Port = proxy.Port, KeepAlive = s_keepAlive });
        client.ConnectionStateChanged += (_, e) => states.Writer.TryWrite(e);
        await client.ConnectAsync(Token).WaitAsync(WaitTimeout, Token);
        await DrainUntilAsync(states.Reader, MqttConnectionState.Connected, WaitTimeout);

        // Only pings cross the link; the watchdog must not mistake a quiet link for a dead one.
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(Token);
        quiet.CancelAfter(s_keepAlive * 3);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => states.Reader.ReadAsync(quiet.Token).AsTask());
        Assert.True(client.IsConnected);
        Assert.Equal(0, client.Statistics.Reconnects);
    }

    private static async Task<MqttConnectionStateChangedEventArgs> DrainUntilAsync(
        ChannelReader<MqttConnectionStateChangedEventArgs> reader, MqttConnectionState state, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(timeout);
        while (true)
        {
            MqttConnectionStateChangedEventArgs e = await reader.ReadAsync(deadline.Token);
            if (e.State == state)
            {
                return e;
            }
        }
    }
}
