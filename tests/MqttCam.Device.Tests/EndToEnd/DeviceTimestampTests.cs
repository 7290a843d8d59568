using MqttCam.Device.Tests.Support;
using MqttCam.Imaging;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Mqtt;
using MqttCam.Testing.Processes;

namespace MqttCam.Device.Tests.EndToEnd;

[Collection(SharedBroker.Name)]
public sealed class DeviceTimestampTests(MosquittoBrokerFixture fixture)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TimestampOn_DrawsTheTimeOnPassthroughFrames_AndOffRemovesIt()
    {
        var prefix = DeviceProcess.NewPrefix();
        await using var device = DeviceProcess.Start(
            fixture.Broker, prefix, "stamp", null,
            "--Camera:Source=Ffmpeg",
            "--Camera:FfmpegInput=-re -f lavfi -i color=c=0x808080:size=320x240:rate=10",
            "--Camera:Width=320", "--Camera:Height=240", "--Camera:Fps=10");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.Image);
        var plain = await probe.NextAsync(device.Topics.Image, s_timeout);

        var on = await probe.RequestAsync(device.Topics.SetSetting("timestamp"), "ON", s_timeout);
        var stamped = await probe.WaitForAsync(m => m.Topic == device.Topics.Image && CornerContrast(m.Payload.Span) > 200, s_timeout, includeHistory: false);
        await probe.RequestAsync(device.Topics.SetSetting("timestamp"), "OFF", s_timeout);
        var plainAgain = await probe.WaitForAsync(m => m.Topic == device.Topics.Image && CornerContrast(m.Payload.Span) < 40, s_timeout, includeHistory: false);

        Assert.Equal("ok", on.GetProperty("status").GetString());
        Assert.Empty(on.GetProperty("data").GetProperty("unsupported").EnumerateArray());
        Assert.True(CornerContrast(plain.Payload.Span) < 40);
        Assert.True(CornerContrast(stamped.Payload.Span) > 200);
        Assert.Equal((320, 240), (JpegCodec.ReadInfo(stamped.Payload.Span).Width, JpegCodec.ReadInfo(stamped.Payload.Span).Height));
        Assert.True(CornerContrast(plainAgain.Payload.Span) < 40);
    }

    /// <summary>Brightest minus darkest luma in the top-left corner, where the time is drawn: uniform grey gives ~0.</summary>
    private static int CornerContrast(ReadOnlySpan<byte> jpeg)
    {
        var image = JpegCodec.Decode(jpeg, PixelFormat.Gray8);
        int min = 255, max = 0;
        for (var y = 0; y < 12; y++)
        {
            for (var x = 0; x < 100; x++)
            {
                var value = image.Pixels[(y * image.Stride) + x];
                min = Math.Min(min, value);
                max = Math.Max(max, value);
            }
        }

        return max - min;
    }
}
