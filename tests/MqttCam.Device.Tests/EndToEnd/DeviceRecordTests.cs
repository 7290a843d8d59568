using MqttCam.Device.Tests.Support;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Media;
using MqttCam.Testing.Mqtt;
using MqttCam.Testing.Processes;

namespace MqttCam.Device.Tests.EndToEnd;

[Collection(SharedBroker.Name)]
public sealed class DeviceRecordTests(MosquittoBrokerFixture fixture)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Record_EncodesLiveFramesToAnH264Mp4_AndRefusesASecondAtOnce()
    {
        var prefix = DeviceProcess.NewPrefix();
        var captures = Directory.CreateTempSubdirectory("mqttcam-record-").FullName;
        await using var device = DeviceProcess.Start(fixture.Broker, prefix, "rec", null, "--Camera:Width=320", "--Camera:Height=240", "--Camera:Fps=10", $"--Device:CaptureDirectory={captures}");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);

        var recording = probe.RequestAsync(device.Topics.Command, """{"action": "record", "seconds": 2, "name": "clips/clip-{counter}.mp4"}""", s_timeout);
        var second = await probe.RequestAsync(device.Topics.Command, """{"action": "record", "seconds": 1}""", s_timeout);
        var reply = await recording;

        Assert.Equal("error", second.GetProperty("status").GetString());
        Assert.Contains("already running", second.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(reply.GetProperty("status").GetString() == "ok", reply.ToString());
        var data = reply.GetProperty("data");
        var path = data.GetProperty("path").GetString()!;
        Assert.Equal(Path.Combine(captures, "clips", "clip-1.mp4"), path);
        Assert.Equal(20, data.GetProperty("frames").GetInt64());
        Assert.Equal(2.0, data.GetProperty("duration").GetDouble());
        Assert.Equal(new FileInfo(path).Length, data.GetProperty("size").GetInt64());
        Assert.Equal(["clip-1.mp4"], Directory.GetFiles(Path.Combine(captures, "clips")).Select(Path.GetFileName));
        var video = await VideoProbe.ProbeAsync(path);
        Assert.Equal(("h264", 20, 320, 240), (video.Codec, video.Frames, video.Width, video.Height));
        Assert.InRange(video.Duration, 1.9, 2.1);
    }

    [Theory]
    [InlineData("""{"action": "record", "seconds": 0}""", "seconds: must be a number from 1 to 3600")]
    [InlineData("""{"action": "record", "seconds": 3601}""", "seconds: must be a number from 1 to 3600")]
    [InlineData("""{"action": "record", "seconds": "5"}""", "seconds: must be a number from 1 to 3600")]
    [InlineData("""{"action": "record", "name": "clip.avi"}""", "name: must end in .mp4")]
    [InlineData("""{"action": "record", "name": "../outside.mp4"}""", "..")]
    public async Task Record_BadArguments_AreRefusedWithAClearError(string command, string expected)
    {
        var prefix = DeviceProcess.NewPrefix();
        var captures = Directory.CreateTempSubdirectory("mqttcam-record-").FullName;
        await using var device = DeviceProcess.Start(fixture.Broker, prefix, "recbad", null, "--Camera:Width=160", "--Camera:Height=120", $"--Device:CaptureDirectory={captures}");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);

        var reply = await probe.RequestAsync(device.Topics.Command, command, s_timeout);

        Assert.Equal("error", reply.GetProperty("status").GetString());
        Assert.Contains(expected, reply.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(captures, "*", SearchOption.AllDirectories));
    }
}
