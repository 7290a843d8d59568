using System.Net.Sockets;
using System.Text;
using MqttCam.Bridge.Operations;
using MqttCam.Bridge.Tests.Serving;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Testing.Media;

namespace MqttCam.Bridge.Tests.Adversarial;

/// <summary>Issue 10 #4: a stream client that stops reading is cut after Bridge:StreamStallSeconds; a slowloris costs only itself.</summary>
public sealed class StalledClientTests(BrokerFixture broker)
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task MjpegClientThatStopsReading_IsCut_WhileAReadingClientKeepsStreaming()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?> { ["Bridge:StreamStallSeconds"] = "1" });
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        var frames = Enumerable.Range(0, 4).Select(i => TestJpegs.Numbered(i, 1280, 720, noisy: true)).ToArray();
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, frames[0], 1);

        // A real socket that never reads, with a small receive buffer so the bridge's writes stop making progress.
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await stalled.ConnectAsync(bridge.Address.Host, bridge.Address.Port, token);
        await stalled.SendAsync(Encoding.ASCII.GetBytes("GET /cameras/cam1/stream.mjpeg HTTP/1.1\r\nHost: x\r\n\r\n"), token);

        using var reading = await bridge.Http.GetAsync("/cameras/cam1/stream.mjpeg", HttpCompletionOption.ResponseHeadersRead, token);
        var reader = new MjpegReader(await reading.Content.ReadAsStreamAsync(token), MqttCam.Bridge.Streaming.MjpegStreamWriter.Boundary);
        await reader.ReadPartAsync(token).WaitAsync(s_deadline, token);

        var cut = WaitForAsync(() => bridge.Metrics.StalledClientsCut == 1);
        var started = TimeProvider.System.GetTimestamp();
        for (long sequence = 2; !cut.IsCompleted; sequence++)
        {
            // Frames keep coming (the bridge only writes when there is a frame); the reading client gets every one.
            await device.PublishFrameAsync(frames[sequence % frames.Length], sequence);
            var (_, body) = await reader.ReadPartAsync(token).WaitAsync(s_deadline, token);
            Assert.Equal(frames[sequence % frames.Length], body);
            Assert.True(TimeProvider.System.GetElapsedTime(started) < s_deadline, "the stalled client was never cut");
        }

        await cut;
        Assert.Equal(1, bridge.Metrics.Clients(ServedEndpoint.Mjpeg));
        TestContext.Current.TestOutputHelper?.WriteLine($"stalled MJPEG client cut {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s after frames started (bound 1 s); the reading client got every frame");

        // The connection was dropped: draining what the kernel holds ends in EOF or a reset, not a wait.
        var sink = new byte[64 * 1024];
        try
        {
            while (await stalled.ReceiveAsync(sink, token).AsTask().WaitAsync(s_deadline, token) > 0)
            {
            }
        }
        catch (SocketException)
        {
        }
    }

    [Fact]
    public async Task SlowlorisClients_DoNotDelayOthers()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(1), 1);

        // 50 connections that send half a request line and then nothing.
        var lorises = new List<Socket>();
        try
        {
            for (var i = 0; i < 50; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                lorises.Add(socket);
                await socket.ConnectAsync(bridge.Address.Host, bridge.Address.Port, token);
                await socket.SendAsync(Encoding.ASCII.GetBytes("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\nX-Slow: "), token);
            }

            for (var i = 0; i < 20; i++)
            {
                var body = await bridge.Http.GetByteArrayAsync("/cameras/cam1/live.jpeg", token).WaitAsync(TimeSpan.FromSeconds(10), token);
                Assert.Equal(0xD8, body[1]);
            }
        }
        finally
        {
            foreach (var socket in lorises)
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>A condition on counters that change on the server's side: re-checked on a short timer, bounded by the deadline.</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < s_deadline, "condition not met in time");
            await timer.WaitForNextTickAsync(TestContext.Current.CancellationToken);
        }
    }
}
