using System.Text;
using System.Text.Json;
using MqttCam.Device.Tests.Support;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Mqtt;
using MqttCam.Testing.Processes;

namespace MqttCam.Device.Tests.EndToEnd;

/// <summary>Every kind of bad payload gets an error response naming the problem, and the device keeps working.</summary>
[Collection(SharedBroker.Name)]
public sealed class DeviceBadInputTests(MosquittoBrokerFixture fixture)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<string, string, string?, string> BadPayloads => new()
    {
        // leaf, payload, expected action, expected error (substring)
        { "set", "not json", "set", "settings are not valid JSON" },
        { "set", "[1,2]", "set", "settings must be a JSON object" },
        { "set", """{"quality": "high"}""", "set", "quality: must be an integer from 1 to 100 (got \"high\")" },
        { "set", """{"fps": 1000}""", "set", "fps: must be a number from 0.01 to 120 (got 1000)" },
        { "set", """{"zoom": 2}""", "set", "zoom: unknown setting" },
        { "set", """{"quality": 50, "rotation": 90}""", "set", "rotation: must be 0 or 180 (got 90)" },
        { "set/quality", "abc", "set", "quality: must be an integer from 1 to 100 (got \"abc\")" },
        { "set/awb", "purple", "set", "awb: must be one of auto" },
        { "set/nothing", "1", "set", "nothing: unknown setting" },
        { "command", "{{{", null, "command is not valid JSON" },
        { "command", "42", null, "command must be a JSON object" },
        { "command", """{"transaction": 1}""", null, "command needs a string \"action\"" },
        { "command", """{"action": "dance"}""", "dance", "unknown action 'dance' (known: capture, restart" },
        { "command", """{"action": "capture", "width": "wide"}""", "capture", "width: must be an integer from 16 to 8192 (got \"wide\")" },
        { "command", """{"action": "capture", "quality": 101}""", "capture", "quality: must be an integer from 1 to 100 (got 101)" },
        { "command", """{"action": "capture", "name": "{nope}.jpg"}""", "capture", "name: pattern '{nope}.jpg': unknown token '{nope}'" },
    };

    [Theory]
    [MemberData(nameof(BadPayloads))]
    public async Task BadPayload_GetsAnErrorResponse_AndTheDeviceStillAnswers(string leaf, string payload, string? action, string error)
    {
        var prefix = DeviceProcess.NewPrefix();
        await using var device = DeviceProcess.Start(fixture.Broker, prefix, "bad", null, "--Camera:Width=160", "--Camera:Height=120");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);

        var reply = await probe.RequestAsync($"{device.Topics.Root}/{leaf}", payload, s_timeout);

        Assert.Equal("error", reply.GetProperty("status").GetString());
        Assert.Equal(action, reply.GetProperty("action").GetString());
        Assert.Contains(error, reply.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, reply.GetProperty("data").ValueKind);

        // Nothing changed and the device still works.
        var ok = await probe.RequestAsync(device.Topics.Command, """{"action": "state"}""", s_timeout);
        Assert.Equal("ok", ok.GetProperty("status").GetString());
        Assert.Equal(80, ok.GetProperty("data").GetProperty("settings").GetProperty("quality").GetInt32());
        Assert.False(device.Process.HasExited);
    }

    [Fact]
    public async Task OversizedPayloads_AreRefusedWithTheirSize()
    {
        var prefix = DeviceProcess.NewPrefix();
        await using var device = DeviceProcess.Start(fixture.Broker, prefix, "big", null, "--Camera:Width=160", "--Camera:Height=120");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        var huge = "{\"quality\": 50, \"pad\": \"" + new string('x', 70_000) + "\"}";

        var setReply = await probe.RequestAsync(device.Topics.Set, huge, s_timeout);
        var commandReply = await probe.RequestAsync(device.Topics.Command, huge, s_timeout);
        var plainReply = await probe.RequestAsync(device.Topics.SetSetting("quality"), new string('9', 2000), s_timeout);

        Assert.Equal($"settings payload is {Encoding.UTF8.GetByteCount(huge)} bytes; the limit is 65536", setReply.GetProperty("error").GetString());
        Assert.Equal($"command payload is {Encoding.UTF8.GetByteCount(huge)} bytes; the limit is 65536", commandReply.GetProperty("error").GetString());
        Assert.Equal("quality: value is 2000 bytes; the limit is 1024", plainReply.GetProperty("error").GetString());
    }

    [Fact]
    public async Task NonUtf8PlainValue_IsRefused()
    {
        var prefix = DeviceProcess.NewPrefix();
        await using var device = DeviceProcess.Start(fixture.Broker, prefix, "utf", null, "--Camera:Width=160", "--Camera:Height=120");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.Response);

        await probe.Client.PublishAsync(device.Topics.SetSetting("quality"), new byte[] { 0xff, 0xd8, 0xff }, Mqtt.MqttQos.AtLeastOnce, cancellationToken: TestContext.Current.CancellationToken);
        var response = await probe.NextAsync(device.Topics.Response, s_timeout);

        Assert.Equal("quality: value is not UTF-8 text", JsonDocument.Parse(response.Payload).RootElement.GetProperty("error").GetString());
    }
}
