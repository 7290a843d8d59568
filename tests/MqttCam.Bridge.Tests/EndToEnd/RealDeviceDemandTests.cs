using System.Globalization;
using System.Text.Json;
using MqttCam.Bridge.Streaming;
using MqttCam.Bridge.Tests.Serving;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Mqtt;
using MqttCam.Testing.Mqtt;
using MqttCam.Testing.Processes;
using MqttCam.Core.Topics;

namespace MqttCam.Bridge.Tests.EndToEnd;

/// <summary>
/// Issue 12 across the real programs: the real device in <c>live=auto</c> idles; an MJPEG viewer on the bridge makes
/// the bridge hold a lease, so the device goes live at its fps; the viewer leaving makes it idle again.
/// </summary>
public sealed class RealDeviceDemandTests(BrokerFixture broker)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task MjpegViewer_BringsTheLiveRate_AndLeavingReturnsTheCameraToIdle()
    {
        var token = TestContext.Current.CancellationToken;
        var work = Directory.CreateTempSubdirectory("mqttcam-bridge-demand-").FullName;
        try
        {
            await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?> { ["Bridge:LeaseSeconds"] = "4" });
            var topics = new CameraTopics(bridge.Prefix, "real");
            await using var probe = await MqttProbe.ConnectAsync(new MqttClientOptions { Host = "127.0.0.1", Port = broker.Port });
            await probe.SubscribeAsync(topics.State);
            await probe.SubscribeAsync(topics.Image);
            await probe.SubscribeAsync(topics.WatchFilter);
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
                "--Camera:Fps=10",
                "--Camera:Live=auto",
                $"--Device:StateDirectory={work}",
                "--HomeAssistant:Discovery=false",
            ], new ChildProcessOptions { Environment = new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = "Production" } });
            await firstFrame.WaitAsync(s_timeout, token);

            // A still camera: no motion analysis (the test pattern moves now and then), idle frames 30 s apart.
            await probe.PublishAsync(topics.Set, """{"motion": false, "idle_interval": 30}""");
            await WaitForStateAsync(probe, topics, live: false, watchers: 0, includeHistory: true, s => !s.GetProperty("settings").GetProperty("motion").GetBoolean());

            Task idleAgain, released;
            using (var response = await bridge.Http.GetAsync("/cameras/real/stream.mjpeg", HttpCompletionOption.ResponseHeadersRead, token))
            {
                var reader = new MjpegReader(await response.Content.ReadAsStreamAsync(token), MjpegStreamWriter.Boundary);
                await reader.ReadPartAsync(token).WaitAsync(s_timeout, token);
                await WaitForStateAsync(probe, topics, live: true, watchers: 1, includeHistory: true);

                // Full rate through the bridge: 10 parts in well under the 30 s an idle camera would need for 2.
                var started = TimeProvider.System.GetTimestamp();
                for (var i = 0; i < 10; i++)
                {
                    await reader.ReadPartAsync(token).WaitAsync(s_timeout, token);
                }

                Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10), "a watched camera streams at its fps");
                idleAgain = WaitForStateAsync(probe, topics, live: false, watchers: 0, includeHistory: false);
                released = probe.WaitForAsync(m => m.Topic.StartsWith(topics.WatchRoot + "/", StringComparison.Ordinal) && m.Payload.IsEmpty, s_timeout, includeHistory: false);
            }

            // The last viewer left: the bridge releases its lease (empty retained) and the camera idles again.
            await released;
            await idleAgain;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static Task<MqttMessage> WaitForStateAsync(MqttProbe probe, CameraTopics topics, bool live, int watchers, bool includeHistory, Func<JsonElement, bool>? also = null) =>
        probe.WaitForAsync(
            m => m.Topic == topics.State && StateMessages.HasDemand(m, live, watchers) && (also?.Invoke(StateMessages.Parse(m)) ?? true),
            s_timeout,
            includeHistory);
}
