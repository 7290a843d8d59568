using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using MqttCam.Bridge.Operations;
using MqttCam.Bridge.Streaming;
using MqttCam.Bridge.Tests.Serving;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Testing.Media;

namespace MqttCam.Bridge.Tests.Streaming;

public sealed class StreamEndpointsTests(BrokerFixture broker)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Mjpeg_ClientReceivesTheCurrentFrameThenEachNewFrameInOrder()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        var frames = Enumerable.Range(0, 6).Select(i => TestJpegs.Numbered(i)).ToArray();
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, frames[0], 100);

        using var response = await bridge.Http.GetAsync("/cameras/cam1/stream.mjpeg", HttpCompletionOption.ResponseHeadersRead, token);
        Assert.Equal(MjpegStreamWriter.ContentType, response.Content.Headers.ContentType?.ToString().Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.True(response.Headers.CacheControl?.NoStore);
        var reader = new MjpegReader(await response.Content.ReadAsStreamAsync(token), MjpegStreamWriter.Boundary);

        var (firstHeaders, first) = await reader.ReadPartAsync(token).WaitAsync(s_timeout, token);
        Assert.Equal(frames[0], first);
        Assert.Equal("image/jpeg", firstHeaders["Content-Type"]);

        for (var i = 1; i < frames.Length; i++)
        {
            // One frame at a time, each awaited by the client: nothing may be skipped or reordered.
            await device.PublishFrameAsync(frames[i], 100 + i);
            // ReadPartAsync returns only once the next part's headers arrived too: the frame is complete for a browser.
            var (headers, body) = await reader.ReadPartAsync(token).WaitAsync(s_timeout, token);
            Assert.Equal("image/jpeg", headers["Content-Type"]);
            Assert.Equal(frames[i], body);
        }
    }

    [Fact]
    public async Task WebSocket_ClientReceivesOneBinaryMessagePerFrameInOrder()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        var frames = Enumerable.Range(0, 6).Select(i => TestJpegs.Numbered(i, 640, 360, noisy: true)).ToArray();
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, frames[0], 1);

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(bridge.WebSocketUri("/cameras/cam1/ws"), token).WaitAsync(s_timeout, token);
        Assert.Equal(frames[0], await ReceiveMessageAsync(socket, token));
        for (var i = 1; i < frames.Length; i++)
        {
            await device.PublishFrameAsync(frames[i], i + 1);
            Assert.Equal(frames[i], await ReceiveMessageAsync(socket, token));
        }

        Assert.Equal(1, bridge.Metrics.Clients(ServedEndpoint.WebSocket));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", token).WaitAsync(s_timeout, token);
        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    [Fact]
    public async Task WebSocket_PlainHttpRequest_Gives400()
    {
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(1), 1);
        using var response = await bridge.Http.GetAsync("/cameras/cam1/ws", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SlowMjpegClient_SkipsFramesWithoutHoldingUpAFastClient()
    {
        var token = TestContext.Current.CancellationToken;

        // Skipping, not cutting, is tested here: the stall bound is set far beyond the test's length so a busy machine
        // cannot cut the stalled client mid-test (cutting: Adversarial/StalledClientTests).
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?> { ["Bridge:StreamStallSeconds"] = "3600" });
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");

        // Big noisy frames (about 0.5 MB) so socket buffers cannot absorb the whole run for the stalled client.
        const int Count = 60;
        var frames = Enumerable.Range(0, 4).Select(i => TestJpegs.Numbered(i, 1280, 720, noisy: true, quality: 95)).ToArray();
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, frames[0], 0);

        // The stalled client: a raw socket with a tiny receive buffer that never reads after the request.
        using var slow = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await slow.ConnectAsync(IPAddress.Loopback, bridge.Address.Port, token);
        await slow.SendAsync(Encoding.ASCII.GetBytes("GET /cameras/cam1/stream.mjpeg HTTP/1.1\r\nHost: x\r\n\r\n"), token);

        using var fast = new ClientWebSocket();
        await fast.ConnectAsync(bridge.WebSocketUri("/cameras/cam1/ws"), token).WaitAsync(s_timeout, token);
        Assert.Equal(frames[0], await ReceiveMessageAsync(fast, token));
        await CameraConditions.WaitAsync(bridge, "cam1", c => c.SubscriberCount == 2, s_timeout);

        for (var i = 1; i <= Count; i++)
        {
            await device.PublishFrameAsync(frames[i % frames.Length], i);
            Assert.Equal(frames[i % frames.Length], await ReceiveMessageAsync(fast, token));
        }

        // The fast client got every frame in lock-step; the stalled one was offered the same frames but the server
        // wrote far fewer of them (its channel holds one frame, the rest were skipped, not queued).
        // (The server counts a WebSocket frame after its send completes, so the last one may not be counted yet.)
        Assert.InRange(bridge.Metrics.Responses(ServedEndpoint.WebSocket), Count, Count + 1);
        var writtenToSlow = bridge.Metrics.Responses(ServedEndpoint.Mjpeg);
        Assert.InRange(writtenToSlow, 1, Count / 2);
        Assert.Equal(2, bridge.Cameras.TryGet("cam1", out var camera) ? camera.SubscriberCount : -1);
    }

    private static async Task<byte[]> ReceiveMessageAsync(ClientWebSocket socket, CancellationToken token)
    {
        using var message = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), token).WaitAsync(s_timeout, token);
            Assert.Equal(WebSocketMessageType.Binary, result.MessageType);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return message.ToArray();
            }
        }
    }
}
