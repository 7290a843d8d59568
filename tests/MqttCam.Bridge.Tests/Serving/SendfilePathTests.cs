using System.Globalization;
using System.Net.Sockets;
using System.Text;
using MqttCam.Bridge.Serving;
using MqttCam.Bridge.Streaming;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Testing.Media;

namespace MqttCam.Bridge.Tests.Serving;

/// <summary>
/// Bridge:LiveSendfile: live.jpeg and MJPEG parts sent from a frame's memfd by sendfile(2) are byte for byte what the
/// managed fast path sends, also when the socket takes only part of them; memfds close when frames are superseded, when
/// a stalled client is cut and when the bridge stops. (Tests of this class run one at a time: they count this process's
/// memfds, and only they turn sendfile on.)
/// </summary>
public sealed class SendfilePathTests(BrokerFixture broker)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly Dictionary<string, string?> s_sendfile = new() { ["Bridge:LiveSendfile"] = "true" };

    // Per request or per process (the ETag carries the process's tag, the skew its receive time).
    private static readonly string[] s_varying = ["Date", "X-Frame-Age-Ms", "ETag", "X-Clock-Skew-Ms"];

    [Fact]
    public async Task LiveJpeg_ThroughASocketThatTakesLittleAtATime_IsByteIdenticalToTheManagedPath()
    {
        const int Requests = 12;
        var token = TestContext.Current.CancellationToken;
        var frame = TestJpegs.Numbered(4, 1280, 720, noisy: true);
        var (actual, expected, sendfile) = await BothPathsAsync(frame, (bridge, waitForShortSend) => PipelinedAsync(bridge, Requests, waitForShortSend, token));

        Assert.Equal(Requests, actual.Count);
        for (var i = 0; i < Requests; i++)
        {
            Assert.Equal(Without(expected[i].Head), Without(actual[i].Head));
            Assert.Equal(frame, actual[i].Body);
        }

        Assert.True(sendfile >= Requests, "answered by the fast path");
    }

    [Fact]
    public async Task MjpegStream_ThroughASocketThatTakesLittleAtATime_IsByteIdenticalToTheManagedPath()
    {
        var token = TestContext.Current.CancellationToken;

        // Large enough (4K, noisy) that one part overflows the loopback socket buffers of a client that is not reading yet.
        var frame = TestJpegs.Numbered(6, 3840, 2160, noisy: true);
        var (actual, expected, _) = await BothPathsAsync(frame, (bridge, waitForShortSend) => StreamStartAsync(bridge, frame.Length, waitForShortSend, token));

        Assert.Equal(Without(expected.Head), Without(actual.Head));

        // Chunk boundaries included: both send one chunk per part.
        Assert.Equal(expected.Body, actual.Body);
    }

    [Fact]
    public async Task StalledClient_IsCut_AndTheSupersededFrameFilesClose()
    {
        var token = TestContext.Current.CancellationToken;
        var options = new Dictionary<string, string?>(s_sendfile) { ["Bridge:StreamStallSeconds"] = "1" };
        var baseline = OpenFrameFiles();
        var frames = new[] { TestJpegs.Numbered(1, 1280, 720, noisy: true), TestJpegs.Numbered(2, 1280, 720, noisy: true) };
        await using (var bridge = await BridgeHost.StartAsync(broker, options))
        {
            await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
            await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, frames[0], 1);

            // 200 pipelined requests from a live.jpeg client that never reads, and an MJPEG client that never reads.
            using var stalledLive = await StalledClientAsync(bridge, string.Concat(Enumerable.Repeat("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\n\r\n", 200)), token);
            using var stalledStream = await StalledClientAsync(bridge, "GET /cameras/cam1/stream.mjpeg HTTP/1.1\r\nHost: x\r\n\r\n", token);
            for (long sequence = 2; bridge.Metrics.StalledClientsCut < 2; sequence++)
            {
                // Frames keep coming so the stream client has something to be stalled on.
                await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, frames[sequence % 2], sequence);
                Assert.True(sequence < 2000, "the stalled clients were never cut");
                Assert.Equal(frames[sequence % 2], await bridge.Http.GetByteArrayAsync("/cameras/cam1/live.jpeg", token).WaitAsync(s_timeout, token));
            }

            // Only the newest frame's file stays open (one camera); every superseded one closed once its sends let go.
            await WaitForAsync(() => OpenFrameFiles() == baseline + 1, "superseded frame files still open");
        }

        await WaitForAsync(() => OpenFrameFiles() == baseline, "frame files open after the bridge stopped");
    }

    [Fact]
    public async Task ManyFrames_ToLiveAndStreamClients_DoNotLeakFileDescriptors()
    {
        var token = TestContext.Current.CancellationToken;
        var baseline = OpenFrameFiles();
        var descriptorsBefore = Directory.GetFiles("/proc/self/fd").Length;
        await using (var bridge = await BridgeHost.StartAsync(broker, s_sendfile))
        {
            await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
            var frames = Enumerable.Range(0, 3).Select(i => TestJpegs.Numbered(i, 640, 360, noisy: true)).ToArray();
            await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, frames[0], 1);
            using var streaming = await bridge.Http.GetAsync("/cameras/cam1/stream.mjpeg", HttpCompletionOption.ResponseHeadersRead, token);
            var reader = new MjpegReader(await streaming.Content.ReadAsStreamAsync(token), MjpegStreamWriter.Boundary);
            Assert.Equal(frames[0], (await reader.ReadPartAsync(token).WaitAsync(s_timeout, token)).Body);
            var most = 0;
            for (long sequence = 2; sequence <= 150; sequence++)
            {
                var frame = frames[sequence % frames.Length];
                await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, frame, sequence);
                Assert.Equal(frame, await bridge.Http.GetByteArrayAsync("/cameras/cam1/live.jpeg", token).WaitAsync(s_timeout, token));
                Assert.Equal(frame, (await reader.ReadPartAsync(token).WaitAsync(s_timeout, token)).Body);
                most = Math.Max(most, OpenFrameFiles() - baseline);
            }

            // The newest frame's file plus, at most, one still under a send when it was superseded.
            Assert.InRange(most, 1, 2);
            await WaitForAsync(() => OpenFrameFiles() == baseline + 1, "superseded frame files still open");
        }

        await WaitForAsync(() => OpenFrameFiles() == baseline, "frame files open after the bridge stopped");

        // And nothing else piled up (sockets, timers): within a few of where it started, not one per frame.
        Assert.InRange(Directory.GetFiles("/proc/self/fd").Length, 0, descriptorsBefore + 20);
    }

    /// <summary>
    /// The same frame on a sendfile bridge and a managed one; <paramref name="fetch"/> reads from each (on the sendfile
    /// one only after a send came back short, so the managed finish is part of what is compared). Returns both answers
    /// and the sendfile bridge's fast-path response count.
    /// </summary>
    private async Task<(T Actual, T Expected, long FastPathResponses)> BothPathsAsync<T>(byte[] frame, Func<BridgeHost, bool, Task<T>> fetch)
    {
        var prefix = BrokerFixture.NewTopicPrefix();
        await using var sendfile = await BridgeHost.StartAsync(broker, s_sendfile, prefix: prefix);
        await using var managed = await BridgeHost.StartAsync(broker, prefix: prefix);
        await using var device = await FakeDevice.ConnectAsync(broker, prefix, "cam1");
        await FrameEndpointsTests.PublishAndAwaitAsync(sendfile, device, frame, 3);
        await CameraConditions.WaitAsync(managed, "cam1", c => c.Latest?.Sequence == 3, s_timeout);

        var shortSendsBefore = LinuxSendfile.ShortSends;
        var actual = await fetch(sendfile, true);
        var expected = await fetch(managed, false);
        Assert.True(LinuxSendfile.ShortSends > shortSendsBefore, "no send was short: the managed finish never ran");
        return (actual, expected, sendfile.Metrics.LiveFastPathResponses);
    }

    /// <summary>This process's memfds made by the bridge, read from /proc/self/fd (the kernel's own count).</summary>
    private static int OpenFrameFiles()
    {
        var count = 0;
        foreach (var path in Directory.EnumerateFiles("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(path).LinkTarget is { } target && target.StartsWith("/memfd:mqttcam-frame", StringComparison.Ordinal))
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // Closed while listed.
            }
        }

        return count;
    }

    private static async Task<Socket> StalledClientAsync(BridgeHost bridge, string requests, CancellationToken token)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(bridge.Address.Host, bridge.Address.Port, token);
        await socket.SendAsync(Encoding.ASCII.GetBytes(requests), token);
        return socket;
    }

    /// <summary>
    /// <paramref name="count"/> pipelined GETs on one socket with a 4 KiB receive buffer; with
    /// <paramref name="waitForShortSend"/> nothing is read until a sendfile or send came back short.
    /// </summary>
    private static async Task<List<(string Head, byte[] Body)>> PipelinedAsync(BridgeHost bridge, int count, bool waitForShortSend, CancellationToken token)
    {
        var before = LinuxSendfile.ShortSends;
        using var socket = await StalledClientAsync(bridge, string.Concat(Enumerable.Repeat("GET /cameras/cam1/live.jpeg HTTP/1.1\r\nHost: x\r\n\r\n", count)), token);
        if (waitForShortSend)
        {
            await WaitForAsync(() => LinuxSendfile.ShortSends > before, "the socket never refused a send");
        }

        var received = new MemoryStream();
        var chunk = new byte[4096];
        var responses = new List<(string Head, byte[] Body)>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(s_timeout);
        var at = 0;
        while (responses.Count < count)
        {
            var bytes = received.GetBuffer().AsSpan(0, (int)received.Length);
            var end = bytes[at..].IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var head = Encoding.ASCII.GetString(bytes.Slice(at, end));
                var length = int.Parse(head.Split("\r\n").Single(l => l.StartsWith("Content-Length:", StringComparison.Ordinal))[15..].Trim(), CultureInfo.InvariantCulture);
                if (bytes.Length >= at + end + 4 + length)
                {
                    responses.Add((head, bytes.Slice(at + end + 4, length).ToArray()));
                    at += end + 4 + length;
                    continue;
                }
            }

            var n = await socket.ReceiveAsync(chunk, deadline.Token);
            Assert.True(n > 0, $"connection closed after {responses.Count} responses");
            received.Write(chunk, 0, n);
        }

        return responses;
    }

    /// <summary>The response head and the first chunked bytes of stream.mjpeg, raw: the opening chunk (51 bytes) and the first part chunk (size line, JPEG, 47-byte trailer, CRLF) but its last bytes.</summary>
    private static async Task<(string Head, byte[] Body)> StreamStartAsync(BridgeHost bridge, int frameLength, bool waitForShortSend, CancellationToken token)
    {
        var before = LinuxSendfile.ShortSends;
        using var socket = await StalledClientAsync(bridge, "GET /cameras/cam1/stream.mjpeg HTTP/1.1\r\nHost: x\r\n\r\n", token);
        if (waitForShortSend)
        {
            await WaitForAsync(() => LinuxSendfile.ShortSends > before, "the socket never refused a send");
        }

        var received = new MemoryStream();
        var chunk = new byte[4096];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(s_timeout);
        int end;
        while ((end = received.GetBuffer().AsSpan(0, (int)received.Length).IndexOf("\r\n\r\n"u8)) < 0 || received.Length < end + 4 + 100 + frameLength)
        {
            var n = await socket.ReceiveAsync(chunk, deadline.Token);
            Assert.True(n > 0, "stream ended");
            received.Write(chunk, 0, n);
        }

        var all = received.ToArray();
        return (Encoding.ASCII.GetString(all, 0, end), all[(end + 4)..(end + 4 + 100 + frameLength)]);
    }

    private static string Without(string head) =>
        string.Join('\n', head.Split("\r\n").Where(l => !s_varying.Any(n => l.StartsWith(n + ":", StringComparison.OrdinalIgnoreCase))).Order(StringComparer.Ordinal));

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < s_timeout, what);
            await timer.WaitForNextTickAsync(TestContext.Current.CancellationToken);
        }
    }
}
