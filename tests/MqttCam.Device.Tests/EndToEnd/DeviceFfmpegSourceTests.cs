using System.Text.Json;
using MqttCam.Device.Tests.Support;
using MqttCam.Imaging;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Mqtt;
using MqttCam.Testing.Processes;

namespace MqttCam.Device.Tests.EndToEnd;

[Collection(SharedBroker.Name)]
public sealed class DeviceFfmpegSourceTests(MosquittoBrokerFixture fixture)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FfmpegSource_FramesReachMqtt_AndRestartBringsUpANewProcess()
    {
        var prefix = DeviceProcess.NewPrefix();
        await using var device = DeviceProcess.Start(
            fixture.Broker, prefix, "usb", null,
            "--Camera:Source=Ffmpeg",
            "--Camera:FfmpegInput=-re -f lavfi -i testsrc2=size=320x240:rate=10",
            "--Camera:Width=320", "--Camera:Height=240", "--Camera:Fps=10");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.Image);

        var first = await probe.NextAsync(device.Topics.Image, s_timeout);
        var reply = await probe.RequestAsync(device.Topics.Command, """{"action": "restart"}""", s_timeout);
        var afterRestart = await probe.NextAsync(device.Topics.Image, s_timeout);

        Assert.Equal((320, 240), (JpegCodec.ReadInfo(first.Payload.Span).Width, JpegCodec.ReadInfo(first.Payload.Span).Height));
        Assert.Equal("ok", reply.GetProperty("status").GetString());
        Assert.Equal("ffmpeg", reply.GetProperty("data").GetProperty("source").GetString());
        Assert.Equal(320, JpegCodec.ReadInfo(afterRestart.Payload.Span).Width);
        var state = (await probe.RequestAsync(device.Topics.Command, """{"action": "state"}""", s_timeout)).GetProperty("data");
        Assert.Equal("ffmpeg", state.GetProperty("source").GetString());
        Assert.Contains("width", state.GetProperty("restart_settings").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, state.GetProperty("last_error").ValueKind);
    }

    [Fact]
    public async Task FfmpegSource_BadInput_ShowsTheErrorInTheStateAndKeepsTheDeviceUp()
    {
        var prefix = DeviceProcess.NewPrefix();
        await using var device = DeviceProcess.Start(
            fixture.Broker, prefix, "broken", null,
            "--Camera:Source=Ffmpeg",
            "--Camera:FfmpegInput=-f lavfi -i nosuchfilter=size=320x240",
            "--Camera:Width=320", "--Camera:Height=240");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.State);

        var state = await probe.WaitForAsync(
            m => m.Topic == device.Topics.State && JsonDocument.Parse(m.Payload).RootElement.GetProperty("last_error").ValueKind == JsonValueKind.String,
            s_timeout);

        Assert.Contains("ffmpeg", JsonDocument.Parse(state.Payload).RootElement.GetProperty("last_error").GetString(), StringComparison.OrdinalIgnoreCase);
        var reply = await probe.RequestAsync(device.Topics.Command, """{"action": "state"}""", s_timeout);
        Assert.Equal("ok", reply.GetProperty("status").GetString());
        Assert.False(device.Process.HasExited);
    }
}
