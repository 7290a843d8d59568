using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MqttCam.Bridge.Cameras;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Core.Framing;
using MqttCam.Imaging;
using MqttCam.Mqtt;
using MqttCam.Testing.Processes;
using MqttCam.Core.Topics;

namespace MqttCam.Bridge.Tests.EndToEnd;

/// <summary>
/// The classic Pi-camera TCP stream as the real <c>mqttcam stream --to</c> process sends it, recorded on the way into
/// the bridge's TCP ingest, then read back over HTTP and MQTT: every byte must be the camera's.
/// </summary>
public sealed class CliStreamIngestTests(BrokerFixture broker)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task MqttcamStreamTo_FramesServedOverHttpAndMqttByteIdentical()
    {
        var token = TestContext.Current.CancellationToken;
        const int FrameCount = 4;
        var ingestPort = BrokerFixture.FreePort();
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?>
        {
            ["Bridge:TcpIngestPort"] = ingestPort.ToString(CultureInfo.InvariantCulture),
            ["Bridge:TcpIngestAddress"] = "127.0.0.1",
            ["Bridge:UploadCamera"] = "picam",
        });
        var accepted = new List<byte[]>();
        var allAccepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnFrame(Frame frame)
        {
            lock (accepted)
            {
                accepted.Add(frame.Jpeg.ToArray());
                if (accepted.Count == FrameCount)
                {
                    allAccepted.TrySetResult();
                }
            }
        }

        bridge.Cameras.FrameAccepted += OnFrame;

        // A relay between the CLI and the bridge records exactly what went over the wire.
        using var relay = new TcpListener(IPAddress.Loopback, 0);
        relay.Start();
        var recording = RelayAsync(relay, ingestPort, token);

        await using var cli = ChildProcess.Start("dotnet", [BuiltProgram.Cli, "stream", "--to", $"127.0.0.1:{((IPEndPoint)relay.LocalEndpoint).Port}", "--frames", FrameCount.ToString(CultureInfo.InvariantCulture), "--source", "TestPattern", "--width", "640"]);
        Assert.True(await cli.WaitForExitAsync(s_timeout, token) == 0, cli.GetOutput());
        var wire = await recording.WaitAsync(s_timeout, token);
        await allAccepted.Task.WaitAsync(s_timeout, token);
        bridge.Cameras.FrameAccepted -= OnFrame;

        var sent = await SplitStreamAsync(wire);
        Assert.Equal(FrameCount, sent.Count);
        Assert.All(sent, jpeg => Assert.Equal((640, 360), (JpegCodec.ReadInfo(jpeg).Width, JpegCodec.ReadInfo(jpeg).Height)));
        Assert.Equal(sent, accepted);

        Assert.Equal(sent[^1], await bridge.Http.GetByteArrayAsync("/cameras/picam/live.jpeg", token));
        await using var subscriber = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = "cli-stream-" + Guid.NewGuid().ToString("N") });
        await subscriber.ConnectAsync(token);
        await subscriber.SubscribeAsync(new CameraTopics(bridge.Prefix, "picam").Image, MqttQos.AtLeastOnce, token);
        var retained = await subscriber.Messages.ReadAsync(token).AsTask().WaitAsync(s_timeout, token);
        Assert.Equal(sent[^1], retained.Payload.ToArray());
    }

    /// <summary>Accepts one connection, forwards it to the bridge and returns every byte that passed.</summary>
    private static async Task<byte[]> RelayAsync(TcpListener listener, int targetPort, CancellationToken token)
    {
        using var incoming = await listener.AcceptTcpClientAsync(token);
        using var outgoing = new TcpClient();
        await outgoing.ConnectAsync(IPAddress.Loopback, targetPort, token);
        var source = incoming.GetStream();
        var target = outgoing.GetStream();
        using var record = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await source.ReadAsync(buffer, token)) > 0)
        {
            record.Write(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), token);
        }

        return record.ToArray();
    }

    /// <summary>The picamera stream format: little-endian uint32 length, JPEG, ..., and a zero length at the end.</summary>
    private static async Task<List<byte[]>> SplitStreamAsync(byte[] wire)
    {
        var frames = new List<byte[]>();
        using var stream = new MemoryStream(wire);
        var reader = new LengthPrefixedFrameReader(stream);
        while (await reader.ReadFrameAsync(TestContext.Current.CancellationToken) is { } frame)
        {
            frames.Add(frame);
        }

        Assert.Equal(wire.Length, stream.Position);
        return frames;
    }
}
