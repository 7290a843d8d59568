using System.Net;
using System.Net.Sockets;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Core.Framing;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Media;
using MqttCam.Testing.Time;

namespace MqttCam.Bridge.Tests.Adversarial;

/// <summary>Issue 10 #12: upload and TCP cameras are online while frames come, offline after the stream's end or a timeout.</summary>
public sealed class IngestAvailabilityTests(BrokerFixture broker)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task UploadCamera_IsOnlineWhileFramesCome_AndOfflineAfterTheTimeout_AndHealthStaysOk()
    {
        var token = TestContext.Current.CancellationToken;
        var time = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?>
        {
            ["Bridge:UploadPassword"] = "upload-secret",
            ["Bridge:IngestOfflineAfterSeconds"] = "10",
            ["Bridge:StaleAfterSeconds"] = "5",
        }, time: time);

        var online = CameraConditions.WaitAsync(bridge, "phone", c => c.Availability == "online", s_timeout);
        using var upload = new ByteArrayContent(TestJpegs.Numbered(1));
        upload.Headers.ContentType = new("image/jpeg");
        using var uploaded = await bridge.Http.PostAsync("/cameras/phone/frames?password=upload-secret", upload, token);
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync(token));
        await online;

        var offline = CameraConditions.WaitAsync(bridge, "phone", c => c.Availability == "offline", s_timeout);
        time.Advance(TimeSpan.FromSeconds(11));
        await offline;

        // Stale but offline: the bridge is healthy (on a085da3 this was 503 for ever with availability "unknown").
        using var health = await bridge.Http.GetAsync("/healthz", token);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task TcpStreamCamera_GoesOfflineAtTheZeroLengthEnd()
    {
        var token = TestContext.Current.CancellationToken;
        await using var camera = await StreamingCamera.StartOnlineAsync(broker.Port, token);

        var offline = CameraConditions.WaitAsync(camera.Bridge, "picam", c => c.Availability == "offline", s_timeout);
        await camera.Writer.CompleteAsync(token);
        await offline;
    }

    [Fact]
    public async Task TcpStreamThatEndsDuringABrokerOutage_IsOfflineOnceTheBrokerIsBack()
    {
        // Before: the offline was handed to TryPublish while disconnected, dropped, and the camera stayed online for good.
        var token = TestContext.Current.CancellationToken;
        await using var ownBroker = await MosquittoBroker.StartAsync(cancellationToken: token);
        await using var camera = await StreamingCamera.StartOnlineAsync(ownBroker.Port, token);

        await ownBroker.StopAsync(token);
        var offline = CameraConditions.WaitAsync(camera.Bridge, "picam", c => c.Availability == "offline", s_timeout);
        await camera.Writer.CompleteAsync(token);
        await ownBroker.RestartAsync(token);
        await offline;
    }

    /// <summary>A bridge with TCP ingest for "picam" and one connected stream that has sent a frame and is online.</summary>
    private sealed class StreamingCamera(BridgeHost bridge, TcpClient client) : IAsyncDisposable
    {
        private LengthPrefixedFrameWriter? _writer;

        public BridgeHost Bridge { get; } = bridge;

        /// <summary>Made once connected: a stream is only there after the connect.</summary>
        public LengthPrefixedFrameWriter Writer => _writer ??= new(client.GetStream());

        public static async Task<StreamingCamera> StartOnlineAsync(int brokerPort, CancellationToken token)
        {
            var port = BrokerFixture.FreePort();
            var bridge = await BridgeHost.StartAsync(brokerPort, new Dictionary<string, string?>
            {
                ["Bridge:TcpIngestPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Bridge:TcpIngestAddress"] = "127.0.0.1",
                ["Bridge:UploadCamera"] = "picam",
            });
            var client = new TcpClient();
            var camera = new StreamingCamera(bridge, client);
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, token);
                var online = CameraConditions.WaitAsync(bridge, "picam", c => c.Availability == "online" && c.Latest is not null, s_timeout);
                await camera.Writer.WriteFrameAsync(TestJpegs.Numbered(1), token);
                await online;
                return camera;
            }
            catch
            {
                await camera.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            await Bridge.DisposeAsync();
        }
    }
}
