using System.Text.Json;
using MqttCam.Device.Tests.Support;
using MqttCam.Imaging;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Mqtt;
using MqttCam.Testing.Processes;

namespace MqttCam.Device.Tests.Adversarial;

/// <summary>
/// Issue 10 #1: an accepted resolution must stream. 3280x2464 on the test pattern used to answer "ok" and then throw
/// OutOfMemoryException every frame under the device's heap cap; 8192x8192 was accepted and persisted.
/// </summary>
[Collection(SharedBroker.Name)]
public sealed class DevicePixelBudgetTests(MosquittoBrokerFixture fixture)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(3280, 2464)]
    [InlineData(4056, 3040)]
    public async Task LargeResolutionWithinTheBudget_IsAccepted_AndStreamsAtThatSize(int width, int height)
    {
        await using var device = DeviceProcess.Start(fixture.Broker, DeviceProcess.NewPrefix(), "big", null, "--Camera:Width=320", "--Camera:Height=240", "--Camera:Fps=2");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, device.Topics.Prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.Image);

        var reply = await probe.RequestAsync(device.Topics.Set, $$"""{"resolution": "{{width}}x{{height}}"}""", s_timeout);
        Assert.Equal("ok", reply.GetProperty("status").GetString());

        // Three frames at the new size in a row: the source keeps producing, not one frame and then errors.
        for (int i = 0; i < 3; i++)
        {
            var frame = await probe.WaitForAsync(m => m.Topic == device.Topics.Image && JpegCodec.TryReadInfo(m.Payload.Span, out var info) && info.Width == width && info.Height == height, s_timeout, includeHistory: false);
            Assert.True(frame.Payload.Length > 0);
        }

        string output = device.Process.GetOutput();
        Assert.DoesNotContain("OutOfMemory", output, StringComparison.Ordinal);
        Assert.False(device.Process.HasExited);
    }

    [Theory]
    [InlineData("8192x8192")]
    [InlineData("4096x4096")]
    public async Task ResolutionAboveTheSourceBudget_IsRefusedWithTheReason_AndNothingChanges(string resolution)
    {
        await using var device = DeviceProcess.Start(fixture.Broker, DeviceProcess.NewPrefix(), "huge", null, "--Camera:Width=320", "--Camera:Height=240");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, device.Topics.Prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);

        var reply = await probe.RequestAsync(device.Topics.Set, $$"""{"resolution": "{{resolution}}"}""", s_timeout);
        Assert.Equal("error", reply.GetProperty("status").GetString());
        string error = reply.GetProperty("error").GetString()!;
        Assert.Contains("MP", error, StringComparison.Ordinal);
        Assert.Contains("testpattern", error, StringComparison.Ordinal);

        var state = await probe.RequestAsync(device.Topics.Command, """{"action": "state"}""", s_timeout);
        var settings = state.GetProperty("data").GetProperty("settings");
        Assert.Equal(320, settings.GetProperty("width").GetInt32());
        Assert.Equal(240, settings.GetProperty("height").GetInt32());
        Assert.Equal(JsonValueKind.Object, settings.ValueKind);
    }
}
