using System.Text.Json;
using MqttCam.Device.Tests.Support;
using MqttCam.Mqtt;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Mqtt;
using MqttCam.Testing.Processes;

namespace MqttCam.Device.Tests.Adversarial;

/// <summary>
/// Issue 10 defects #7-#9 against the real device: invalid UTF-8 inside JSON, timelapse names outside the capture
/// folder, and MQTT 5 response topics outside the camera's response tree.
/// </summary>
[Collection(SharedBroker.Name)]
public sealed class DeviceKnownDefectTests(MosquittoBrokerFixture fixture)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task InvalidUtf8InsideAJsonString_IsRefusedAsBadInput_NotAnInternalError()
    {
        await using var device = StartDevice("utf8", out var prefix);
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.Response);

        byte[] payload = [.. "{\"exposure\":\""u8, 0xff, .. "\"}"u8];
        await probe.Client.PublishAsync(device.Topics.Set, payload, MqttQos.AtLeastOnce, cancellationToken: TestContext.Current.CancellationToken);
        var reply = JsonDocument.Parse((await probe.NextAsync(device.Topics.Response, s_timeout)).Payload).RootElement;

        Assert.Equal("error", reply.GetProperty("status").GetString());
        Assert.Equal("set", reply.GetProperty("action").GetString());
        Assert.DoesNotContain("internal error", reply.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("UTF-8", reply.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", device.Process.GetOutput(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../x.jpg")]
    [InlineData("/tmp/x.jpg")]
    [InlineData("..\\\\x.jpg")]
    public async Task TimelapseStart_WithANameOutsideTheCaptureFolder_IsRefused(string name)
    {
        await using var device = StartDevice("tlpath", out var prefix);
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);

        var reply = await probe.RequestAsync(device.Topics.Command, $$"""{"action": "timelapse_start", "interval_seconds": 1, "name": "{{name}}"}""", s_timeout);
        var status = await probe.RequestAsync(device.Topics.Command, """{"action": "timelapse_status"}""", s_timeout);

        Assert.Equal("error", reply.GetProperty("status").GetString());
        Assert.Contains("name", reply.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(status.GetProperty("data").GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task ResponseTopicOutsideTheResponseTree_IsNotPublishedTo()
    {
        await using var device = StartDevice("deputy", out var prefix);
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.Response);

        await probe.Client.PublishAsync(
            device.Topics.Command,
            """{"action":"state"}"""u8.ToArray(),
            MqttQos.AtLeastOnce,
            properties: new MqttMessageProperties { ResponseTopic = device.Topics.Availability },
            cancellationToken: TestContext.Current.CancellationToken);
        var refusal = JsonDocument.Parse((await probe.NextAsync(device.Topics.Response, s_timeout)).Payload).RootElement;

        Assert.Equal("error", refusal.GetProperty("status").GetString());
        Assert.Contains("response topic", refusal.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.All(probe.Received(device.Topics.Availability), m => Assert.DoesNotContain("{", System.Text.Encoding.UTF8.GetString(m.Payload.Span), StringComparison.Ordinal));
    }

    private DeviceProcess StartDevice(string id, out string prefix)
    {
        prefix = DeviceProcess.NewPrefix();
        return DeviceProcess.Start(fixture.Broker, prefix, id, null, "--Camera:Width=160", "--Camera:Height=120");
    }
}
