using System.Globalization;
using System.Text.Json;
using MqttCam.Device.Tests.Support;
using MqttCam.Imaging;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Processes;
using MqttCam.Core.Topics;
using MqttCam.Testing.Mqtt;

namespace MqttCam.Device.Tests.EndToEnd;

[Collection(SharedBroker.Name)]
public sealed class DeviceFramesTests(MosquittoBrokerFixture fixture)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RetainedFrame_IsAValidJpegOfTheConfiguredSize_ForALateMosquittoSub()
    {
        var prefix = DeviceProcess.NewPrefix();
        await using var device = DeviceProcess.Start(fixture.Broker, prefix, "cam1", null, "--Camera:Width=320", "--Camera:Height=240", "--Camera:Fps=5");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.Image);
        var live = await probe.NextAsync(device.Topics.Image, s_timeout);

        // A subscriber that arrives later still gets the latest frame, from the broker's retained copy.
        var retained = await MosquittoTools.SubscribeOneAsync(fixture.Broker, device.Topics.Image, s_timeout);

        var info = JpegCodec.ReadInfo(retained);
        Assert.Equal((320, 240), (info.Width, info.Height));
        Assert.Equal(FrameUserProperties.ContentType, live.Properties!.ContentType);
        var properties = live.Properties.UserProperties.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("320", properties[FrameUserProperties.Width]);
        Assert.Equal("240", properties[FrameUserProperties.Height]);
        Assert.True(long.Parse(properties[FrameUserProperties.Sequence], CultureInfo.InvariantCulture) >= 1);
        Assert.True(DateTimeOffset.TryParse(properties[FrameUserProperties.CapturedAt], CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
    }

    [Fact]
    public async Task AvailabilityAndState_AreRetainedAndDescribeTheCamera()
    {
        var prefix = DeviceProcess.NewPrefix();
        await using var device = DeviceProcess.Start(fixture.Broker, prefix, "cam2", null, "--Camera:Width=160", "--Camera:Height=120", "--Camera:Fps=10");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.Availability);
        await probe.SubscribeAsync(device.Topics.State);

        await probe.WaitForTextAsync(device.Topics.Availability, AvailabilityPayload.Online, s_timeout);
        var stateMessage = await probe.WaitForAsync(m => m.Topic == device.Topics.State && JsonDocument.Parse(m.Payload).RootElement.GetProperty("frames_sent").GetInt64() > 3, s_timeout);
        var state = JsonDocument.Parse(stateMessage.Payload).RootElement;

        Assert.Equal("cam2", state.GetProperty("id").GetString());
        Assert.Equal("testpattern", state.GetProperty("source").GetString());
        Assert.Equal(160, state.GetProperty("settings").GetProperty("width").GetInt32());
        Assert.Equal("160x120", state.GetProperty("settings").GetProperty("resolution").GetString());
        Assert.True(state.GetProperty("fps").GetDouble() > 0);
        Assert.True(state.GetProperty("bytes_sent").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Null, state.GetProperty("last_error").ValueKind);
        Assert.True(state.GetProperty("uptime_seconds").GetDouble() >= 0);
        Assert.Contains("quality", state.GetProperty("live_settings").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task SettingsChange_ChangesTheNextFramesAndTheState()
    {
        var prefix = DeviceProcess.NewPrefix();
        await using var device = DeviceProcess.Start(fixture.Broker, prefix, "cam3", null, "--Camera:Width=320", "--Camera:Height=240", "--Camera:Fps=10", "--Camera:Quality=95");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.Image);
        await probe.SubscribeAsync(device.Topics.State);
        var before = await probe.NextAsync(device.Topics.Image, s_timeout);

        var reply = await probe.RequestAsync(device.Topics.Set, """{"resolution": "640x480", "quality": 20, "transaction": 42}""");

        Assert.Equal("ok", reply.GetProperty("status").GetString());
        Assert.Equal("set", reply.GetProperty("action").GetString());
        Assert.Equal(42, reply.GetProperty("transaction").GetInt32());
        Assert.Equal(["resolution", "quality"], reply.GetProperty("data").GetProperty("changed").EnumerateArray().Select(e => e.GetString()));
        var after = await probe.WaitForAsync(m => m.Topic == device.Topics.Image && JpegCodec.ReadInfo(m.Payload.Span).Width == 640, s_timeout, includeHistory: false);
        Assert.Equal(480, JpegCodec.ReadInfo(after.Payload.Span).Height);
        Assert.Equal(320, JpegCodec.ReadInfo(before.Payload.Span).Width);

        // Quality 20 at four times the pixels still has to come out smaller per pixel than quality 95.
        Assert.True(after.Payload.Length / (640.0 * 480) < before.Payload.Length / (320.0 * 240) / 2, $"{after.Payload.Length} vs {before.Payload.Length}");
        var state = await probe.WaitForAsync(m => m.Topic == device.Topics.State && JsonDocument.Parse(m.Payload).RootElement.GetProperty("settings").GetProperty("quality").GetInt32() == 20, s_timeout);
        Assert.Equal(640, JsonDocument.Parse(state.Payload).RootElement.GetProperty("width").GetInt32());
    }

    [Fact]
    public async Task PlainSetTopic_AppliesOneSettingLikeHomeAssistantSends()
    {
        var prefix = DeviceProcess.NewPrefix();
        await using var device = DeviceProcess.Start(fixture.Broker, prefix, "cam4", null, "--Camera:Width=160", "--Camera:Height=120");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.Response);
        await probe.SubscribeAsync(device.Topics.Image);
        await probe.NextAsync(device.Topics.Image, s_timeout);

        await probe.PublishAsync(device.Topics.SetSetting("streaming"), "OFF");
        var response = await probe.NextAsync(device.Topics.Response, s_timeout);

        var json = JsonDocument.Parse(response.Payload).RootElement;
        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.False(json.GetProperty("data").GetProperty("settings").GetProperty("streaming").GetBoolean());
    }

    [Fact]
    public async Task Capture_PublishesASnapshotAtTheAskedSizeAndSavesItInsideTheCaptureDirectory()
    {
        var prefix = DeviceProcess.NewPrefix();
        var captures = Directory.CreateTempSubdirectory("mqttcam-captures-").FullName;
        await using var device = DeviceProcess.Start(fixture.Broker, prefix, "cam5", null, "--Camera:Width=640", "--Camera:Height=480", "--Camera:Fps=10", $"--Device:CaptureDirectory={captures}");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.Snapshot);
        await probe.SubscribeAsync(device.Topics.Image);
        await probe.NextAsync(device.Topics.Image, s_timeout);

        var reply = await probe.RequestAsync(device.Topics.Command, """{"action": "capture", "width": 160, "name": "door-{counter:000}.jpg", "transaction": "t1"}""");

        Assert.Equal("ok", reply.GetProperty("status").GetString());
        Assert.Equal("t1", reply.GetProperty("transaction").GetString());
        var data = reply.GetProperty("data");
        Assert.Equal((160, 120), (data.GetProperty("width").GetInt32(), data.GetProperty("height").GetInt32()));
        var path = data.GetProperty("path").GetString()!;
        Assert.Equal(Path.Combine(captures, "door-001.jpg"), path);
        var saved = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(data.GetProperty("size").GetInt32(), saved.Length);
        var snapshot = await probe.WaitForAsync(m => m.Topic == device.Topics.Snapshot, s_timeout);
        Assert.Equal(saved, snapshot.Payload.ToArray());
        Assert.Equal((160, 120), (JpegCodec.ReadInfo(saved).Width, JpegCodec.ReadInfo(saved).Height));
    }

    [Fact]
    public async Task Capture_NameEscapingTheDirectory_IsRefusedAndNothingIsWritten()
    {
        var prefix = DeviceProcess.NewPrefix();
        var captures = Directory.CreateTempSubdirectory("mqttcam-captures-").FullName;
        await using var device = DeviceProcess.Start(fixture.Broker, prefix, "cam6", null, "--Camera:Width=160", "--Camera:Height=120", $"--Device:CaptureDirectory={captures}");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);

        var reply = await probe.RequestAsync(device.Topics.Command, """{"action": "capture", "name": "../escape-{counter}.jpg"}""");

        Assert.Equal("error", reply.GetProperty("status").GetString());
        Assert.Contains("must not contain empty, '.' or '..' segments", reply.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(captures)!, "escape-*"));
        Assert.Empty(Directory.GetFiles(captures));
    }
}
