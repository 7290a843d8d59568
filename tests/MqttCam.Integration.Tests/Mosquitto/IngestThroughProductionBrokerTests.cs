using System.Net;
using System.Net.Sockets;
using MqttCam.Core.Framing;
using MqttCam.Integration.Tests.Support;
using MqttCam.Testing.Mqtt;

namespace MqttCam.Integration.Tests.Mosquitto;

/// <summary>
/// Issue 10 #10: the real bridge process, connected to the shipped production broker as an <c>ingest</c> user, takes
/// an HTTP upload and the Pi-camera TCP stream and republishes them (frames and availability) under the ACL.
/// </summary>
public sealed class IngestThroughProductionBrokerTests(ProductionBroker broker) : IClassFixture<ProductionBroker>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task UploadAndTcpStream_AsIngestUser_ArePublishedAndServed()
    {
        var token = TestContext.Current.CancellationToken;
        await using var viewer = await MqttProbe.ConnectAsync(broker.ClientOptions("nodered"));
        await viewer.SubscribeAsync("mqttcam/phone/#");
        await viewer.SubscribeAsync("mqttcam/picam/#");
        var httpPort = BridgeProcess.FreePort();
        var tcpPort = BridgeProcess.FreePort();
        await using var bridgeProcess = BridgeProcess.Start(broker.Host, broker.Port, httpPort,
            "--Mqtt:Username=ingest",
            $"--Mqtt:Password={ProductionBroker.PasswordOf("ingest")}",
            "--Bridge:UploadPassword=upload-secret",
            "--Bridge:UploadCamera=picam",
            "--Bridge:TcpIngestAddress=127.0.0.1",
            $"--Bridge:TcpIngestPort={tcpPort}");
        var bridge = bridgeProcess.Process;
        using var http = new HttpClient { BaseAddress = bridgeProcess.Address, Timeout = s_timeout };
        await bridgeProcess.WaitUntilListeningAsync(s_timeout, token);

        var frame = MqttCam.Imaging.JpegCodec.Encode(new byte[64 * 48 * 3], 64, 48, 64 * 3, MqttCam.Imaging.PixelFormat.Rgb24, 80);
        using var body = new ByteArrayContent(frame);
        body.Headers.ContentType = new("image/jpeg");
        using var uploaded = await http.PostAsync("/cameras/phone/frames?password=upload-secret", body, token);
        Assert.True(uploaded.StatusCode == HttpStatusCode.OK, await uploaded.Content.ReadAsStringAsync(token) + "\n" + bridge.GetOutput());
        await viewer.WaitForAsync(m => m.Topic == "mqttcam/phone/image" && m.Payload.Length == frame.Length);
        await viewer.WaitForTextAsync("mqttcam/phone/availability", "online");
        Assert.Equal(frame, await http.GetByteArrayAsync("/cameras/phone/live.jpeg", token));

        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, tcpPort, token);
            var writer = new LengthPrefixedFrameWriter(tcp.GetStream());
            await writer.WriteFrameAsync(frame, token);
            await viewer.WaitForTextAsync("mqttcam/picam/availability", "online");
            await writer.CompleteAsync(token);
            await viewer.WaitForTextAsync("mqttcam/picam/availability", "offline");
        }

        Assert.DoesNotContain("0x87", bridge.GetOutput(), StringComparison.Ordinal);

        // Leave nothing retained for the other tests of this broker.
        await using var ingest = await MqttProbe.ConnectAsync(broker.ClientOptions("ingest"));
        foreach (var topic in new[] { "mqttcam/phone/image", "mqttcam/phone/availability", "mqttcam/picam/image", "mqttcam/picam/availability" })
        {
            await ingest.PublishAsync(topic, [], retain: true);
        }
    }
}
