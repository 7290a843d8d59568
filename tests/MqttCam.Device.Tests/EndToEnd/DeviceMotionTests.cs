using System.Globalization;
using MqttCam.Device.Tests.Support;
using MqttCam.Testing.Processes;
using MqttCam.Imaging;
using MqttCam.Mqtt;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Media;
using MqttCam.Testing.Mqtt;

namespace MqttCam.Device.Tests.EndToEnd;

/// <summary>
/// Issue 12's motion on a real device: a folder source replays a noisy still scene, a square crossing it, and the
/// still scene again. The device must say ON then OFF, send a start/end event pair, publish a preview at motion
/// start, and go live for the motion (frames at fps although nobody watches and idle frames are 30 s apart).
/// </summary>
[Collection(SharedBroker.Name)]
public sealed class DeviceMotionTests(MosquittoBrokerFixture fixture)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task MovingSquare_GivesMotionOnOff_AnEventPair_APreview_AndLiveFramesMeanwhile()
    {
        var folder = Directory.CreateTempSubdirectory("mqttcam-motion-scene-");
        try
        {
            WriteScene(folder.FullName);
            var prefix = DeviceProcess.NewPrefix();
            await using var device = DeviceProcess.Start(fixture.Broker, prefix, "motion1", null,
                "--Camera:Source=Files", $"--Camera:FilesDirectory={folder.FullName}", "--Camera:Width=640", "--Camera:Height=360",
                "--Camera:Fps=10", "--Camera:Live=auto");
            await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
            await probe.WaitUntilOnlineAsync(device.Topics);
            foreach (var topic in new[] { device.Topics.Motion, device.Topics.Event, device.Topics.Preview, device.Topics.Image, device.Topics.State })
            {
                await probe.SubscribeAsync(topic);
            }

            var set = await probe.RequestAsync(device.Topics.Set, """{"idle_interval": 30, "motion_hold": 1, "preview_size": 96}""", s_timeout);
            Assert.Equal("ok", set.GetProperty("status").GetString());

            var on = await probe.WaitForAsync(m => m.Topic == device.Topics.Motion && Text(m) == "ON", s_timeout, includeHistory: false);

            var off = await probe.WaitForAsync(m => m.Topic == device.Topics.Motion && Text(m) == "OFF", s_timeout, includeHistory: false);

            var start = StateMessages.Parse(await probe.WaitForAsync(m => m.Topic == device.Topics.Event && StateMessages.Parse(m).GetProperty("state").GetString() == "start", s_timeout));
            var end = StateMessages.Parse(await probe.WaitForAsync(m => m.Topic == device.Topics.Event && StateMessages.Parse(m).GetProperty("state").GetString() == "end", s_timeout));
            foreach (var motion in new[] { start, end })
            {
                Assert.Equal("motion", motion.GetProperty("type").GetString());
                Assert.InRange(motion.GetProperty("score").GetDouble(), 0.0, 1.0);
                Assert.True(motion.GetProperty("area").GetDouble() > 0);
                Assert.True(motion.GetProperty("sequence").GetInt64() > 0);
                Assert.Equal(TimeSpan.Zero, DateTimeOffset.Parse(motion.GetProperty("at").GetString()!, CultureInfo.InvariantCulture).Offset);
            }

            Assert.True(end.GetProperty("sequence").GetInt64() > start.GetProperty("sequence").GetInt64());

            var preview = probe.Received(device.Topics.Preview)[^1];
            var info = JpegCodec.ReadInfo(preview.Payload.Span);
            Assert.Equal(96, Math.Max(info.Width, info.Height));
            Assert.Equal(info.Width.ToString(CultureInfo.InvariantCulture), preview.Properties!.UserProperties.Single(p => p.Key == "width").Value);

            // Live for the motion: many frames between ON and OFF although idle frames are 30 s apart.
            var arrivals = probe.ReceivedWhere(_ => true).ToList();
            var duringMotion = arrivals.Skip(arrivals.IndexOf(on)).Take(arrivals.IndexOf(off) - arrivals.IndexOf(on)).Count(m => m.Topic == device.Topics.Image);
            Assert.True(duringMotion >= 8, $"motion keeps the camera live: {duringMotion} frames between ON and OFF");
            Assert.Contains(probe.Received(device.Topics.State), m => StateMessages.Parse(m).GetProperty("motion").GetBoolean());

            // The retained ON/OFF is what a late subscriber (Home Assistant after a restart) gets.
            await using var late = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
            await late.SubscribeAsync(device.Topics.Motion);
            var retained = await late.NextAsync(device.Topics.Motion, s_timeout);
            Assert.True(retained.Retain);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>2 s still, 1.5 s of a square crossing the frame, 4 s still (at 10 fps; the folder loops).</summary>
    private static void WriteScene(string folder)
    {
        var scene = new SyntheticScene(640, 360, noiseSigma: 6, seed: 12);
        var index = 0;
        void Write(SceneObject? moving) => File.WriteAllBytes(Path.Combine(folder, $"{index++:D3}.jpg"), scene.Jpeg(index, moving).ToArray());
        for (var i = 0; i < 20; i++)
        {
            Write(null);
        }

        for (var i = 0; i < 15; i++)
        {
            Write(new SceneObject(40 + (i * 36), 120, 90, 235));
        }

        for (var i = 0; i < 40; i++)
        {
            Write(null);
        }
    }

    private static string Text(MqttMessage message) => System.Text.Encoding.UTF8.GetString(message.Payload.Span);
}
