using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MqttCam.Bridge.Tests.Serving;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Testing.Processes;

namespace MqttCam.Bridge.Tests.EndToEnd;

/// <summary>The HTTP command endpoints against the real MqttCam.Device program (test-pattern source) over real MQTT.</summary>
public sealed class RealDeviceCommandTests(BrokerFixture broker)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CommandsAndTimelapse_RoundTripThroughTheRealDevice()
    {
        var token = TestContext.Current.CancellationToken;
        var work = Directory.CreateTempSubdirectory("mqttcam-bridge-device-").FullName;
        try
        {
            await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?> { ["Bridge:CommandTimeoutSeconds"] = "15" });
            var firstFrame = FrameEndpointsTests.WaitForCameraAsync(bridge, "real", c => c.Latest is not null && c.Availability == "online");
            await using var device = ChildProcess.Start("dotnet",
            [
                BuiltProgram.Device,
                "--Mqtt:Host=127.0.0.1",
                $"--Mqtt:Port={broker.Port.ToString(CultureInfo.InvariantCulture)}",
                $"--Mqtt:TopicPrefix={bridge.Prefix}",
                "--Camera:Id=real",
                "--Camera:Source=TestPattern",
                "--Camera:Width=320",
                "--Camera:Height=180",
                "--Camera:Fps=5",
                "--Camera:Live=always",
                $"--Device:StateDirectory={Path.Combine(work, "state")}",
                $"--Device:CaptureDirectory={Path.Combine(work, "captures")}",
                "--HomeAssistant:Discovery=false",
            ], new ChildProcessOptions { Environment = new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = "Production" } });
            await firstFrame.WaitAsync(s_timeout, token);

            var state = await PostAsync(bridge, "/cameras/real/commands/state", null, HttpStatusCode.OK, device);
            Assert.Equal("state", state["action"]!.GetValue<string>());
            Assert.Equal(320, state["data"]!["settings"]!["width"]!.GetValue<int>());

            var started = await PostAsync(bridge, "/cameras/real/timelapse/start", "{\"interval_seconds\": 60, \"max_files\": 5}", HttpStatusCode.OK, device);
            Assert.True(started["data"]!["active"]!.GetValue<bool>(), started.ToJsonString());
            using (var status = await bridge.Http.GetAsync("/cameras/real/timelapse", token))
            {
                var body = JsonNode.Parse(await status.Content.ReadAsStringAsync(token))!;
                Assert.True(status.StatusCode == HttpStatusCode.OK, body.ToJsonString());
                Assert.Equal("timelapse_status", body["action"]!.GetValue<string>());
                Assert.True(body["data"]!["active"]!.GetValue<bool>());
            }

            var twoSchedules = await PostAsync(bridge, "/cameras/real/timelapse/start", "{\"every\": \"minute\", \"interval_seconds\": 30}", HttpStatusCode.UnprocessableEntity, device);
            Assert.Contains("interval_seconds", twoSchedules["detail"]!.GetValue<string>(), StringComparison.Ordinal);

            var stopped = await PostAsync(bridge, "/cameras/real/timelapse/stop", null, HttpStatusCode.OK, device);
            Assert.False(stopped["data"]!["active"]!.GetValue<bool>(), stopped.ToJsonString());

            var unknown = await PostAsync(bridge, "/cameras/real/commands/teleport", null, HttpStatusCode.UnprocessableEntity, device);
            Assert.Contains("unknown action 'teleport'", unknown["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<JsonNode> PostAsync(BridgeHost bridge, string path, string? json, HttpStatusCode expected, ChildProcess device)
    {
        var token = TestContext.Current.CancellationToken;
        using var content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await bridge.Http.PostAsync(path, content, token);
        var text = await response.Content.ReadAsStringAsync(token);
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {text}\ndevice output:\n{device.GetOutput()}");
        return JsonNode.Parse(text)!;
    }
}
