using System.Text.Json;
using MqttCam.Device.Tests.Support;
using MqttCam.Imaging;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Mqtt;
using MqttCam.Testing.Processes;

namespace MqttCam.Device.Tests.EndToEnd;

[Collection(SharedBroker.Name)]
public sealed class DeviceTimelapseTests(MosquittoBrokerFixture fixture)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Timelapse_WritesFilesByPattern_StatusCountsThem_AndStopStops()
    {
        var prefix = DeviceProcess.NewPrefix();
        var captures = Directory.CreateTempSubdirectory("mqttcam-timelapse-").FullName;
        await using var device = DeviceProcess.Start(fixture.Broker, prefix, "tl", null, "--Camera:Width=160", "--Camera:Height=120", "--Camera:Fps=5", $"--Device:CaptureDirectory={captures}");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.State);

        var started = await probe.RequestAsync(device.Topics.Command, """{"action": "timelapse_start", "interval_seconds": 1, "name": "door/tl-{counter:000}.jpg"}""", s_timeout);
        await probe.WaitForAsync(m => m.Topic == device.Topics.State && Timelapse(m.Payload).GetProperty("captured").GetInt64() >= 2, s_timeout);
        var status = (await probe.RequestAsync(device.Topics.Command, """{"action": "timelapse_status"}""", s_timeout)).GetProperty("data");
        var stopped = (await probe.RequestAsync(device.Topics.Command, """{"action": "timelapse_stop"}""", s_timeout)).GetProperty("data");

        Assert.Equal("ok", started.GetProperty("status").GetString());
        Assert.True(started.GetProperty("data").GetProperty("active").GetBoolean());
        Assert.True(status.GetProperty("active").GetBoolean());
        Assert.True(status.GetProperty("captured").GetInt64() >= 2);
        Assert.False(stopped.GetProperty("active").GetBoolean());
        var files = Directory.GetFiles(Path.Combine(captures, "timelapse", "door")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var captured = stopped.GetProperty("captured").GetInt64();
        Assert.Equal(Enumerable.Range(1, (int)captured).Select(i => $"tl-{i:000}.jpg"), files);
        var first = await File.ReadAllBytesAsync(Path.Combine(captures, "timelapse", "door", "tl-001.jpg"), TestContext.Current.CancellationToken);
        Assert.Equal((160, 120), (JpegCodec.ReadInfo(first).Width, JpegCodec.ReadInfo(first).Height));

        // Stopped means stopped: another status reports the same count and inactive.
        var after = (await probe.RequestAsync(device.Topics.Command, """{"action": "timelapse_status"}""", s_timeout)).GetProperty("data");
        Assert.False(after.GetProperty("active").GetBoolean());
        Assert.Equal(captured, after.GetProperty("captured").GetInt64());
    }

    private static JsonElement Timelapse(ReadOnlyMemory<byte> state)
    {
        using var document = JsonDocument.Parse(state);
        var timelapse = document.RootElement.GetProperty("timelapse");
        return timelapse.ValueKind == JsonValueKind.Object ? timelapse.Clone() : JsonDocument.Parse("""{"captured": 0}""").RootElement.Clone();
    }
}
