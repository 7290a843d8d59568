using System.Net;
using System.Net.Sockets;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Framing;
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
        var port = BrokerFixture.FreePort();
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?>
        {
            ["Bridge:TcpIngestPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bridge:TcpIngestAddress"] = "127.0.0.1",
            ["Bridge:UploadCamera"] = "picam",
        });

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, token);
        var writer = new LengthPrefixedFrameWriter(client.GetStream());
        var online = CameraConditions.WaitAsync(bridge, "picam", c => c.Availability == "online" && c.Latest is not null, s_timeout);
        var frame = TestJpegs.Numbered(1);
        await writer.WriteFrameAsync(frame, token);
        await online;

        var offline = CameraConditions.WaitAsync(bridge, "picam", c => c.Availability == "offline", s_timeout);
        await writer.CompleteAsync(token);
        await offline;
    }
}
