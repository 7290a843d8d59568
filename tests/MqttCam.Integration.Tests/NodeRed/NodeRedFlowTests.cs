using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MqttCam.Imaging;
using MqttCam.Mqtt;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Mqtt;
using MqttCam.Testing.Processes;

namespace MqttCam.Integration.Tests.NodeRed;

/// <summary>The example flows in real Node-RED against a real broker and device, asserting what each flow promises.</summary>
public sealed class NodeRedFlowTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ExampleFlows_ShowFrames_SaveCaptures_ReadCorrelatedResponses_AndAlertWhenTheCameraDies()
    {
        var prefix = "nr" + Guid.NewGuid().ToString("N")[..10];
        var output = Directory.CreateTempSubdirectory("mqttcam-node-red-out-");
        try
        {
            await using var broker = await MosquittoBroker.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
            await using var device = DeviceProcess.Start(broker.Host, broker.Port, prefix, "nrcam", null, [.. DeviceProcess.SmallCamera, .. DeviceProcess.HomeAssistantDefaults, "--HomeAssistant:Discovery=false"]);
            await using var watcher = await MqttProbe.ConnectAsync(new MqttClientOptions { Host = broker.Host, Port = broker.Port });
            await watcher.SubscribeAsync(prefix + "/nrcam/#");
            await watcher.WaitForTextAsync(device.Topics.Availability, "online", s_timeout);

            var alerts = Path.Combine(output.FullName, "alerts.log");
            await using var nodeRed = await NodeRedRunner.StartAsync(new Dictionary<string, string?>
            {
                ["MQTT_HOST"] = broker.Host,
                ["MQTT_PORT"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["MQTTCAM_PREFIX"] = prefix,
                ["MQTTCAM_CAMERA"] = "nrcam",
                ["MQTTCAM_CAPTURE_DIR"] = Path.Combine(output.FullName, "captures"),
                ["MQTTCAM_ALERT_FILE"] = alerts,
            });
            foreach (var filter in new[] { "/+/image", "/nrcam/snapshot", "/nrcam/response/nodered/#", "/+/availability" })
            {
                await broker.WaitForOutputAsync(l => l.EndsWith(" " + prefix + filter, StringComparison.Ordinal), s_timeout, TestContext.Current.CancellationToken);
            }

            Assert.DoesNotContain("missing types", nodeRed.Process.GetOutput(), StringComparison.OrdinalIgnoreCase);
            using var http = new HttpClient();

            // Live frame: the image preview node pushes the frame to the editor over its comms websocket.
            using (var socket = new ClientWebSocket())
            {
                var comms = new UriBuilder(nodeRed.BaseAddress) { Scheme = "ws", Path = "comms" }.Uri;
                await socket.ConnectAsync(comms, TestContext.Current.CancellationToken);
                await socket.SendAsync("""{"subscribe":"image"}"""u8.ToArray(), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);
                var jpeg = await ReadPreviewAsync(socket).WaitAsync(s_timeout, TestContext.Current.CancellationToken);
                Assert.Equal(160, JpegCodec.ReadInfo(jpeg).Width);
            }

            // Capture to files: press the "every 5 minutes" inject; the snapshot lands in a file, byte for byte.
            await nodeRed.InjectAsync(http, "mqttcam-capture-every");
            var response = await watcher.WaitForAsync(m => m.Topic == device.Topics.Response && Encoding.UTF8.GetString(m.Payload.Span).Contains("\"capture\"", StringComparison.Ordinal), s_timeout);
            Assert.Contains("\"status\":\"ok\"", Encoding.UTF8.GetString(response.Payload.Span), StringComparison.Ordinal);
            var saved = await nodeRed.WaitForDebugAsync("capture", "saved ", s_timeout);
            var path = saved["saved ".Length..].Trim();
            Assert.StartsWith(Path.Combine(output.FullName, "captures", "nrcam-"), path, StringComparison.Ordinal);
            var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
            var snapshot = watcher.Received(device.Topics.Snapshot).Last(m => !m.Retain);
            Assert.Equal(snapshot.Payload.ToArray(), bytes);
            Assert.Equal(120, JpegCodec.ReadInfo(bytes).Height);

            // A setting with an MQTT 5 response topic and correlation data: the flow shows only its own reply.
            await nodeRed.InjectAsync(http, "mqttcam-settings-go");
            var reply = await nodeRed.WaitForDebugAsync("settings reply", "reply ", s_timeout);
            Assert.Matches("^reply ok correlation [0-9a-f]{16} quality 70$", reply.Trim());
            var state = await watcher.RequestAsync(device.Topics.Command, """{"action":"state"}""", prefix + "/nrcam/response/test");
            Assert.Equal(70, state.GetProperty("data").GetProperty("settings").GetProperty("quality").GetInt32());

            // Offline alert: SIGKILL the device; the broker publishes its last will and the flow raises the alert.
            device.Process.Kill();
            var alert = await nodeRed.WaitForDebugAsync("offline alert", "ALERT", s_timeout);
            Assert.Equal("ALERT camera nrcam is offline", alert.Trim());
            Assert.Equal("ALERT camera nrcam is offline\n", await File.ReadAllTextAsync(alerts, TestContext.Current.CancellationToken));
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task WatchOnDemandFlow_MakesTheCameraLive_AndStoppingMakesItIdle()
    {
        var prefix = "nr" + Guid.NewGuid().ToString("N")[..10];
        await using var broker = await MosquittoBroker.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var device = DeviceProcess.Start(broker.Host, broker.Port, prefix, "nrwatch", null, [.. DeviceProcess.SmallCamera, .. DeviceProcess.HomeAssistantDefaults, "--HomeAssistant:Discovery=false", "--Camera:Live=auto"]);
        await using var watcher = await MqttProbe.ConnectAsync(new MqttClientOptions { Host = broker.Host, Port = broker.Port });
        await watcher.SubscribeAsync(prefix + "/nrwatch/#");
        await watcher.WaitForTextAsync(device.Topics.Availability, "online", s_timeout);
        await watcher.PublishAsync(device.Topics.Set, """{"motion": false}""");
        await watcher.WaitForAsync(m => m.Topic == device.Topics.State && StateMessages.HasDemand(m, live: false, watchers: 0) && !StateMessages.Parse(m).GetProperty("settings").GetProperty("motion").GetBoolean(), s_timeout);

        await using var nodeRed = await NodeRedRunner.StartAsync(new Dictionary<string, string?>
        {
            ["MQTT_HOST"] = broker.Host,
            ["MQTT_PORT"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MQTTCAM_PREFIX"] = prefix,
            ["MQTTCAM_CAMERA"] = "nrwatch",
        });
        await broker.WaitForOutputAsync(l => l.EndsWith(" " + prefix + "/nrwatch/state", StringComparison.Ordinal), s_timeout, TestContext.Current.CancellationToken);
        Assert.Equal("camera nrwatch idle watchers 0", (await nodeRed.WaitForDebugAsync("demand", "camera ", s_timeout)).Trim());

        using var http = new HttpClient();
        await nodeRed.InjectAsync(http, "mqttcam-watch-start");
        Assert.Equal("camera nrwatch live watchers 1", (await nodeRed.WaitForDebugAsync("demand", "camera nrwatch live", s_timeout)).Trim());
        var lease = await watcher.WaitForAsync(m => m.Topic == device.Topics.Watch("nodered") && !m.Payload.IsEmpty, s_timeout);
        Assert.Equal(60u, lease.Properties?.MessageExpiryInterval);

        await nodeRed.InjectAsync(http, "mqttcam-watch-stop");
        var idleLines = 0;
        await nodeRed.Process.WaitForOutputLineAsync(l => l.Contains("[debug:demand] camera nrwatch idle watchers 0", StringComparison.Ordinal) && ++idleLines == 2, s_timeout, TestContext.Current.CancellationToken);
    }


    /// <summary>The first comms message from the image node that carries a frame, decoded from base64.</summary>
    private static async Task<byte[]> ReadPreviewAsync(ClientWebSocket socket)
    {
        var buffer = new byte[1 << 20];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, TestContext.Current.CancellationToken);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            using var document = JsonDocument.Parse(message.ToArray());
            var items = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToArray() : [document.RootElement];
            foreach (var item in items)
            {
                if (item.TryGetProperty("topic", out var topic) && topic.GetString() == "image" && item.GetProperty("data").TryGetProperty("data", out var data))
                {
                    return Convert.FromBase64String(data.GetString()!);
                }
            }
        }
    }
}
