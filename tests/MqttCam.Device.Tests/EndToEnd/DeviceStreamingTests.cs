using System.Globalization;
using System.Text.Json;
using MqttCam.Device.Tests.Support;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Mqtt;
using MqttCam.Testing.Processes;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Tests.EndToEnd;

/// <summary>
/// Issue 13: <c>streaming</c> is the device's own switch. Turning it off stops the image topic while the source keeps
/// capturing, and the log says so instead of claiming the source ignored the change.
/// </summary>
[Collection(SharedBroker.Name)]
public sealed class DeviceStreamingTests(MosquittoBrokerFixture fixture)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StreamingOffThenOn_StopsAndResumesTheImageTopic_AndTheLogSaysTheDeviceDidIt()
    {
        var prefix = DeviceProcess.NewPrefix();
        await using var device = DeviceProcess.Start(fixture.Broker, prefix, "stream1", null, "--Camera:Width=160", "--Camera:Height=120", "--Camera:Fps=10");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.Image);
        await probe.NextAsync(device.Topics.Image, s_timeout);

        var off = await probe.RequestAsync(device.Topics.SetSetting("streaming"), "OFF", s_timeout);
        await device.Process.WaitForOutputLineAsync(l => l.Contains("Streaming off", StringComparison.Ordinal), s_timeout, TestContext.Current.CancellationToken);

        // The source still captures: a capture after "off" gets a fresh frame, and that frame never reached the image topic.
        var capture = await probe.RequestAsync(device.Topics.Command, """{"action": "capture"}""", s_timeout);
        var capturedSequence = capture.GetProperty("data").GetProperty("sequence").GetInt64();
        var publishedSince = probe.Received(device.Topics.Image).Where(m => Sequence(m) >= capturedSequence).ToList();

        var on = await probe.RequestAsync(device.Topics.SetSetting("streaming"), "ON", s_timeout);
        await device.Process.WaitForOutputLineAsync(l => l.Contains("Streaming on", StringComparison.Ordinal), s_timeout, TestContext.Current.CancellationToken);
        var resumed = await probe.WaitForAsync(m => m.Topic == device.Topics.Image && Sequence(m) > capturedSequence, s_timeout);

        AssertAppliedByTheDevice(off, expected: false);
        AssertAppliedByTheDevice(on, expected: true);
        Assert.Equal("ok", capture.GetProperty("status").GetString());
        Assert.Empty(publishedSince);
        Assert.True(Sequence(resumed) > capturedSequence);
        Assert.DoesNotContain("does not support", device.Process.GetOutput(), StringComparison.Ordinal);
    }

    private static void AssertAppliedByTheDevice(JsonElement reply, bool expected)
    {
        Assert.Equal("ok", reply.GetProperty("status").GetString());
        var data = reply.GetProperty("data");
        Assert.Equal(new[] { "streaming" }, data.GetProperty("changed").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(data.GetProperty("unsupported").EnumerateArray());
        Assert.Empty(data.GetProperty("restarted").EnumerateArray());
        Assert.Equal(expected, data.GetProperty("settings").GetProperty("streaming").GetBoolean());
    }

    private static long Sequence(MqttCam.Mqtt.MqttMessage message) =>
        long.Parse(message.Properties!.UserProperties.Single(p => p.Key == FrameUserProperties.Sequence).Value, CultureInfo.InvariantCulture);
}
