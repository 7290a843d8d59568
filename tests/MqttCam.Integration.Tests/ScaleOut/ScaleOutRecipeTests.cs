using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MqttCam.Testing.Mqtt;
using MqttCam.Testing.Processes;
using MqttCam.Core.Topics;

namespace MqttCam.Integration.Tests.ScaleOut;

/// <summary>
/// deploy/scale-out/ as a user would run it: a device on the edge broker, viewers and commands through haproxy and
/// two bridges on the core broker. Frames, commands and replies must cross mosquitto's bridge, and a viewer must
/// keep getting frames when one bridge is killed.
/// </summary>
public sealed class ScaleOutRecipeTests
{
    private const string CameraId = "cam1";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FramesCommandsAndReplies_CrossTheBrokerBridge_AndViewersSurviveABridgeKill()
    {
        var token = TestContext.Current.CancellationToken;
        await using var cluster = await ScaleOutCluster.StartAsync(token);
        await using var device = DeviceProcess.Start(cluster.Edge.Host, cluster.Edge.Port, "mqttcam", CameraId, null, [.. DeviceProcess.SmallCamera, .. DeviceProcess.HomeAssistantDefaults, "--HomeAssistant:Discovery=false"]);
        var topics = new CameraTopics("mqttcam", CameraId);

        // A frame the device published on the edge broker arrives, retained, on the core broker.
        await using var core = await MqttProbe.ConnectAsync(cluster.Core, "scaleout-test");
        await core.SubscribeAsync(topics.Image);
        await core.WaitForAsync(m => m.Topic == topics.Image, s_timeout);

        using var http = new HttpClient { BaseAddress = cluster.Front, Timeout = s_timeout };
        try
        {
            // Every bridge holds the camera, so haproxy may send any request anywhere.
            foreach (var bridge in cluster.Bridges)
            {
                using var direct = new HttpClient { BaseAddress = bridge.Address, Timeout = s_timeout };
                await GetLiveFrameAsync(direct, core, topics, token);
            }

            // An MJPEG viewer through haproxy gets frames.
            using (var stream = await OpenStreamAsync(http, core, topics, token))
            {
                await ReadPartAsync(stream, token);
                await ReadPartAsync(stream, token);
            }

            // A command through haproxy reaches the device on the other broker and its reply comes back.
            using (var reply = await http.PostAsync($"cameras/{CameraId}/commands/state", null, token))
            {
                string text = await reply.Content.ReadAsStringAsync(token);
                Assert.True(reply.StatusCode == HttpStatusCode.OK, $"{(int)reply.StatusCode} {text}\n{cluster.Logs()}");
                Assert.Equal("state", JsonNode.Parse(text)!["action"]!.GetValue<string>());
            }

            // A setting through haproxy changes the device: its next retained state on the core broker says so.
            await core.SubscribeAsync(topics.State);
            using (var content = new StringContent("{\"quality\": 61}", Encoding.UTF8, "application/json"))
            using (var reply = await http.PostAsync($"cameras/{CameraId}/settings", content, token))
            {
                Assert.True(reply.StatusCode == HttpStatusCode.OK, $"{(int)reply.StatusCode} {await reply.Content.ReadAsStringAsync(token)}");
            }

            await core.WaitForAsync(m => m.Topic == topics.State && JsonNode.Parse(m.Payload.Span)!["settings"]?["quality"]?.GetValue<int>() == 61, s_timeout, includeHistory: false);

            // One bridge dies. A polling viewer keeps getting newer frames (haproxy retries a failed connection on
            // the other bridge, then its health check takes the dead one out), and a new MJPEG viewer gets a stream.
            var down = cluster.Haproxy.WaitForOutputLineAsync(l => l.Contains("bridge1 is DOWN", StringComparison.Ordinal), s_timeout, token);
            cluster.Bridges[0].Process.Kill();
            long last = await GetLiveFrameAsync(http, core, topics, token);
            int served = 1;
            while (!down.IsCompleted || served < 10)
            {
                await core.NextAsync(topics.Image, s_timeout);
                long sequence = await GetLiveFrameAsync(http, core, topics, token, retryWhileUnknown: false);
                Assert.True(sequence >= last, $"sequence went back from {last} to {sequence}");
                last = sequence;
                served++;
                Assert.True(served < 200, "haproxy never marked the killed bridge down\n" + cluster.Logs());
            }

            await down;
            using (var stream = await OpenStreamAsync(http, core, topics, token))
            {
                await ReadPartAsync(stream, token);
            }
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException(e.Message + "\n" + cluster.Logs(), e);
        }
    }

    /// <summary>
    /// GET live.jpeg: 200, a JPEG, and its sequence. A 404/503 (this bridge has not seen the camera or its frame yet)
    /// is retried on the next frame.
    /// </summary>
    private static async Task<long> GetLiveFrameAsync(HttpClient http, MqttProbe core, CameraTopics topics, CancellationToken token, bool retryWhileUnknown = true)
    {
        for (int attempt = 0; ; attempt++)
        {
            using var response = await http.GetAsync($"cameras/{CameraId}/live.jpeg", token);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.ServiceUnavailable && retryWhileUnknown && attempt < 5)
            {
                await core.NextAsync(topics.Image, s_timeout);
                continue;
            }

            byte[] body = await response.Content.ReadAsByteArrayAsync(token);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"live.jpeg via {http.BaseAddress}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
            Assert.True(body.Length > 2 && body[0] == 0xFF && body[1] == 0xD8, "not a JPEG");
            return long.Parse(response.Headers.GetValues("X-Frame-Sequence").Single(), CultureInfo.InvariantCulture);
        }
    }

    private static async Task<MjpegStream> OpenStreamAsync(HttpClient http, MqttProbe core, CameraTopics topics, CancellationToken token)
    {
        for (int attempt = 0; ; attempt++)
        {
            // haproxy answers 503 while a health check that was slow on a loaded machine keeps both bridges out (rise 2
            // at 1 s): retry on each new frame for a while, not just five frames.
            var response = await http.GetAsync($"cameras/{CameraId}/stream.mjpeg", HttpCompletionOption.ResponseHeadersRead, token);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.ServiceUnavailable && attempt < 300)
            {
                response.Dispose();
                await core.NextAsync(topics.Image, s_timeout);
                continue;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            string boundary = response.Content.Headers.ContentType?.Parameters.Single(p => p.Name == "boundary").Value?.Trim('"')
                ?? throw new InvalidOperationException("no boundary in " + response.Content.Headers.ContentType);
            return new MjpegStream(await response.Content.ReadAsStreamAsync(token), boundary);
        }
    }

    /// <summary>
    /// Reads one whole multipart part: everything between two boundaries, where the JPEG follows the part headers'
    /// blank line (parts need not carry Content-Length; browsers, ffmpeg and VLC split on the boundary too).
    /// </summary>
    private static async Task ReadPartAsync(MjpegStream stream, CancellationToken token)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(s_timeout);
        byte[] part = await stream.NextPartAsync(timeout.Token);
        Assert.True(part.Length > 2 && part[0] == 0xFF && part[1] == 0xD8, "the part is not a JPEG");
    }

    /// <summary>An MJPEG response body split on its boundary.</summary>
    private sealed class MjpegStream(Stream body, string boundary) : IDisposable
    {
        private readonly byte[] _delimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary);
        private readonly List<byte> _buffer = [];
        private readonly byte[] _chunk = new byte[64 * 1024];

        public async Task<byte[]> NextPartAsync(CancellationToken token)
        {
            while (true)
            {
                int headersEnd = IndexOf("\r\n\r\n"u8.ToArray(), 0);
                if (headersEnd >= 0)
                {
                    int bodyStart = headersEnd + 4;
                    int bodyEnd = IndexOf(_delimiter, bodyStart);
                    if (bodyEnd >= 0)
                    {
                        byte[] part = _buffer.GetRange(bodyStart, bodyEnd - bodyStart).ToArray();
                        _buffer.RemoveRange(0, bodyEnd + 2);
                        return part;
                    }
                }

                Assert.True(_buffer.Count < 16 * 1024 * 1024, "no boundary in 16 MB of stream");
                int read = await body.ReadAsync(_chunk, token);
                Assert.True(read > 0, "the stream ended before a whole part");
                _buffer.AddRange(_chunk.AsSpan(0, read).ToArray());
            }
        }

        public void Dispose() => body.Dispose();

        private int IndexOf(byte[] needle, int from)
        {
            for (int i = from; i + needle.Length <= _buffer.Count; i++)
            {
                int j = 0;
                while (j < needle.Length && _buffer[i + j] == needle[j])
                {
                    j++;
                }

                if (j == needle.Length)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
