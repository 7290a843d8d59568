using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Testing.Media;

namespace MqttCam.Bridge.Tests.Serving;

/// <summary>The connection-level live.jpeg fast path answers exactly like the Kestrel endpoint and hands everything else over.</summary>
public sealed class LiveFastPathTests(BrokerFixture broker)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    // Values that differ per request or per bridge process (the ETag carries the process's tag, the skew its receive time).
    private static readonly string[] s_varying = ["Date", "X-Frame-Age-Ms", "ETag", "X-Clock-Skew-Ms"];

    [Fact]
    public async Task FastPath_AnswersGetAndHeadWithTheSameHeadersAndBytesAsTheEndpoint()
    {
        var token = TestContext.Current.CancellationToken;
        var prefix = BrokerFixture.NewTopicPrefix();
        await using var fast = await BridgeHost.StartAsync(broker, prefix: prefix);
        await using var kestrel = await BridgeHost.StartAsync(broker, new Dictionary<string, string?> { ["Bridge:LiveFastPath"] = "false" }, prefix: prefix);
        await using var device = await FakeDevice.ConnectAsync(broker, prefix, "cam1");
        var frame = TestJpegs.Numbered(3, 640, 360, noisy: true);
        await FrameEndpointsTests.PublishAndAwaitAsync(fast, device, frame, 7);
        await CameraConditions.WaitAsync(kestrel, "cam1", c => c.Latest?.Sequence == 7, s_timeout);

        foreach (var (method, path) in new[] { ("GET", "/cameras/cam1/live.jpeg"), ("HEAD", "/cameras/cam1/live.jpeg"), ("GET", "/live.jpeg") })
        {
            var expected = await ExchangeAsync(kestrel, $"{method} {path} HTTP/1.1\r\nHost: x\r\n\r\n", 1, token);
            var actual = await ExchangeAsync(fast, $"{method} {path} HTTP/1.1\r\nHost: x\r\n\r\n", 1, token);
            Assert.Equal(200, actual[0].Status);
            Assert.Equal(string.Join('\n', Without(expected[0].Headers, s_varying)), string.Join('\n', Without(actual[0].Headers, s_varying)));
            Assert.All(s_varying, name => Assert.True(actual[0].Headers.ContainsKey(name), name));
            Assert.Equal(method == "GET" ? frame : [], actual[0].Body);
            Assert.Equal(expected[0].Body, actual[0].Body);
        }

        Assert.Equal(3, fast.Metrics.LiveFastPathResponses);
        Assert.Equal(0, kestrel.Metrics.LiveFastPathResponses);

        // And through an ordinary client: the ETag it got from the fast path makes the (Kestrel) conditional a 304.
        using var first = await fast.Http.GetAsync("/cameras/cam1/live.jpeg", token);
        Assert.Equal(frame, await first.Content.ReadAsByteArrayAsync(token));
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/cameras/cam1/live.jpeg");
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await fast.Http.SendAsync(conditional, token);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task MjpegStream_HasTheEndpointsHeadersAndChunkedParts()
    {
        var token = TestContext.Current.CancellationToken;
        var prefix = BrokerFixture.NewTopicPrefix();
        await using var fast = await BridgeHost.StartAsync(broker, prefix: prefix);
        await using var kestrel = await BridgeHost.StartAsync(broker, new Dictionary<string, string?> { ["Bridge:LiveFastPath"] = "false" }, prefix: prefix);
        await using var device = await FakeDevice.ConnectAsync(broker, prefix, "cam1");
        var frame = TestJpegs.Numbered(2);
        await FrameEndpointsTests.PublishAndAwaitAsync(fast, device, frame, 1);
        await CameraConditions.WaitAsync(kestrel, "cam1", c => c.Latest is not null, s_timeout);

        var expected = await StreamStartAsync(kestrel, frame.Length, token);
        var actual = await StreamStartAsync(fast, frame.Length, token);
        Assert.Equal(Encoding.ASCII.GetString(Without(expected.Headers, ["Date"])), Encoding.ASCII.GetString(Without(actual.Headers, ["Date"])));
        Assert.Equal(expected.Body, actual.Body);
        Assert.Equal(0, kestrel.Metrics.LiveFastPathResponses);
        Assert.Equal(1, fast.Metrics.LiveFastPathResponses);
    }

    /// <summary>The response head and the first body bytes of stream.mjpeg: opening (45 bytes), the first JPEG, the next boundary and part headers (47).</summary>
    private static async Task<(byte[] Headers, byte[] Body)> StreamStartAsync(BridgeHost bridge, int frameLength, CancellationToken token)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(bridge.Address.Host, bridge.Address.Port, token);
        var stream = client.GetStream();
        await stream.WriteAsync("GET /cameras/cam1/stream.mjpeg HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray(), token);
        var received = new List<byte>();
        var chunk = new byte[64 * 1024];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(s_timeout);
        int end;
        while ((end = received.ToArray().AsSpan().IndexOf("\r\n\r\n"u8)) < 0 || received.Count < end + 4 + frameLength + 100)
        {
            var n = await stream.ReadAsync(chunk, deadline.Token);
            Assert.True(n > 0, "stream ended");
            received.AddRange(chunk.AsSpan(0, n));
        }

        var bytes = received.ToArray();
        Assert.True(TryDechunkPrefix(bytes, end + 4, frameLength + 92, out var body), "chunked body");
        return (bytes[..(end + 4)], body);
    }

    private static byte[] Without(byte[] head, string[] names) => Encoding.ASCII.GetBytes(string.Join("\r\n",
        Encoding.ASCII.GetString(head).Split("\r\n").Where(l => !names.Any(n => l.StartsWith(n + ":", StringComparison.OrdinalIgnoreCase))).Order(StringComparer.Ordinal)));

    /// <summary>The first <paramref name="wanted"/> body bytes of a chunked stream (chunk boundaries may differ between servers).</summary>
    private static bool TryDechunkPrefix(byte[] bytes, int at, int wanted, out byte[] body)
    {
        var data = new List<byte>();
        while (data.Count < wanted)
        {
            var lineEnd = bytes.AsSpan(at).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var size = int.Parse(Encoding.ASCII.GetString(bytes, at, lineEnd), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            at += lineEnd + 2;
            var take = Math.Min(size, bytes.Length - at);
            data.AddRange(bytes.AsSpan(at, take));
            if (take < size)
            {
                break;
            }

            Assert.Equal("\r\n"u8.ToArray(), bytes[(at + size)..(at + size + 2)]);
            at += size + 2;
        }

        body = [.. data.Take(wanted)];
        return data.Count >= wanted;
    }

    [Fact]
    public async Task PipelinedMixOnOneConnection_FastThenHandedToKestrel_AnsweredInOrder()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        var frame = TestJpegs.Numbered(5);
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, frame, 1);

        var responses = await ExchangeAsync(bridge, string.Concat(
            "GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\n\r\n",
            "HEAD /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\nIf-None-Match: *\r\n\r\n",
            "GET /cameras/nope/live.jpeg HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 5, token);

        Assert.Equal([200, 200, 304, 404, 200], responses.Select(r => r.Status));
        Assert.Equal(frame, responses[0].Body);
        Assert.Empty(responses[1].Body);
        Assert.Equal(frame.Length.ToString(CultureInfo.InvariantCulture), responses[1].Headers["Content-Length"]);
        Assert.Equal(frame, responses[4].Body);
        Assert.Equal(2, bridge.Metrics.LiveFastPathResponses);
    }

    [Theory]
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\n\r\n")]
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")]
    [InlineData("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost : x\r\n\r\n")]
    public async Task RequestsKestrelRefuses_AreRefusedByKestrel(string request)
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(1), 1);

        var responses = await ExchangeAsync(bridge, request, 1, token);
        Assert.Equal(400, responses[0].Status);
        Assert.Equal(0, bridge.Metrics.LiveFastPathResponses);
    }

    [Fact]
    public async Task ViewingBehindAToken_IsNeverAnsweredByTheFastPath()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?> { ["Bridge:ApiToken"] = "secret-token", ["Bridge:RequireTokenForViewing"] = "true" });
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(1), 1);

        var responses = await ExchangeAsync(bridge, "GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\n\r\n", 1, token);
        Assert.Equal(401, responses[0].Status);
        Assert.Equal(0, bridge.Metrics.LiveFastPathResponses);
    }

    [Fact]
    public async Task ClientThatStopsReading_IsCutAfterTheStallBound_WhileOthersAreServed()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?> { ["Bridge:StreamStallSeconds"] = "1" });
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        var frame = TestJpegs.Numbered(1, 1280, 720, noisy: true);
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, frame, 1);

        // 200 pipelined requests (tens of MB of answers) from a socket that never reads.
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await stalled.ConnectAsync(bridge.Address.Host, bridge.Address.Port, token);
        var one = "GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\n\r\n";
        await stalled.SendAsync(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(one, 200))), token);

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        var started = TimeProvider.System.GetTimestamp();
        while (bridge.Metrics.StalledClientsCut == 0)
        {
            // Others keep getting frames meanwhile.
            Assert.Equal(frame, await bridge.Http.GetByteArrayAsync("/cameras/cam1/live.jpeg", token).WaitAsync(s_timeout, token));
            Assert.True(TimeProvider.System.GetElapsedTime(started) < s_timeout, "the stalled client was never cut");
            await timer.WaitForNextTickAsync(token);
        }

        // Cut: draining what the kernel holds ends in EOF or a reset well before 200 answers.
        long received = 0;
        var sink = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await stalled.ReceiveAsync(sink, token).AsTask().WaitAsync(s_timeout, token)) > 0)
            {
                received += n;
            }
        }
        catch (SocketException)
        {
        }

        Assert.True(received < 200L * frame.Length, $"received {received} bytes");
    }

    private static SortedDictionary<string, string> Without(SortedDictionary<string, string> headers, string[] names) =>
        new(headers.Where(h => !names.Contains(h.Key)).ToDictionary(h => h.Key, h => h.Value), StringComparer.OrdinalIgnoreCase);

    /// <summary>Sends raw bytes on a new connection and reads <paramref name="count"/> responses (Content-Length bodies; none for HEAD/304).</summary>
    private static async Task<List<RawResponse>> ExchangeAsync(BridgeHost bridge, string requests, int count, CancellationToken token)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(bridge.Address.Host, bridge.Address.Port, token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(requests), token);
        var heads = requests.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries).Select(r => r.StartsWith("HEAD", StringComparison.Ordinal)).ToArray();
        var buffer = new List<byte>();
        var chunk = new byte[64 * 1024];
        var responses = new List<RawResponse>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(s_timeout);
        while (responses.Count < count)
        {
            if (TryTake(buffer, heads[responses.Count], out var response))
            {
                responses.Add(response);
                continue;
            }

            var n = await stream.ReadAsync(chunk, deadline.Token);
            Assert.True(n > 0, $"connection closed after {responses.Count} responses");
            buffer.AddRange(chunk.AsSpan(0, n));
        }

        return responses;
    }

    private static bool TryTake(List<byte> buffer, bool head, out RawResponse response)
    {
        response = null!;
        var bytes = buffer.ToArray();
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        var lines = Encoding.ASCII.GetString(bytes, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            Assert.False(headers.ContainsKey(line[..colon]), $"duplicate header {line}");
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        var bodyStart = end + 4;
        byte[] body;
        int consumed;
        if (head || status == 304)
        {
            (body, consumed) = ([], bodyStart);
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var encoding))
        {
            Assert.Equal("chunked", encoding);
            if (!TryDechunk(bytes, bodyStart, out body, out consumed))
            {
                return false;
            }
        }
        else
        {
            var length = headers.TryGetValue("Content-Length", out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : 0;
            if (bytes.Length < bodyStart + length)
            {
                return false;
            }

            (body, consumed) = (bytes[bodyStart..(bodyStart + length)], bodyStart + length);
        }

        response = new RawResponse(status, headers, body);
        buffer.RemoveRange(0, consumed);
        return true;
    }

    private static bool TryDechunk(byte[] bytes, int start, out byte[] body, out int consumed)
    {
        var data = new List<byte>();
        var at = start;
        body = [];
        consumed = 0;
        while (true)
        {
            var lineEnd = bytes.AsSpan(at).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return false;
            }

            var size = int.Parse(Encoding.ASCII.GetString(bytes, at, lineEnd), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            at += lineEnd + 2;
            if (bytes.Length < at + size + 2)
            {
                return false;
            }

            data.AddRange(bytes.AsSpan(at, size));
            at += size + 2;
            if (size == 0)
            {
                (body, consumed) = (data.ToArray(), at);
                return true;
            }
        }
    }

    private sealed record RawResponse(int Status, SortedDictionary<string, string> Headers, byte[] Body);
}
