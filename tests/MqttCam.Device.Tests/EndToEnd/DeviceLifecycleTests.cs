using System.Text.Json;
using MqttCam.Device.Hosting;
using MqttCam.Imaging;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Processes;
using MqttCam.Core.Topics;
using MqttCam.Testing.Mqtt;

namespace MqttCam.Device.Tests.EndToEnd;

public sealed class DeviceLifecycleTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task KillDashNine_MakesTheBrokerPublishOffline()
    {
        await using var broker = await MosquittoBroker.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var prefix = DeviceProcess.NewPrefix();
        await using var device = DeviceProcess.Start(broker, prefix, "doomed", null, "--Camera:Width=160", "--Camera:Height=120");
        await using var probe = await MqttProbe.ConnectAsync(broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.Availability);
        await probe.WaitForTextAsync(device.Topics.Availability, AvailabilityPayload.Online, s_timeout);

        device.Process.Kill();

        await probe.WaitForTextAsync(device.Topics.Availability, AvailabilityPayload.Offline, s_timeout);
        var retained = await Testing.Processes.MosquittoTools.SubscribeOneAsync(broker, device.Topics.Availability, s_timeout);
        Assert.Equal("offline"u8.ToArray(), retained);
    }

    [Fact]
    public async Task SameCameraIdUnderTwoPrefixes_OnOneBroker_KeepsBothSessions()
    {
        // Both used to connect as mqttcam-device-twin: the second connect took the first one's session over, the first
        // reconnected and took it back, and so on (seen as a command timing out in a bridge test).
        await using var broker = await MosquittoBroker.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var first = DeviceProcess.Start(broker, DeviceProcess.NewPrefix(), "twin", null, [.. DeviceProcess.SmallCamera]);
        await using var probe = await MqttProbe.ConnectAsync(broker, first.Topics.Prefix);
        await probe.WaitUntilOnlineAsync(first.Topics);
        await using var second = DeviceProcess.Start(broker, DeviceProcess.NewPrefix(), "twin", null, [.. DeviceProcess.SmallCamera]);
        await probe.WaitUntilOnlineAsync(second.Topics);

        // Ten frames from each once both are up (two seconds at 5 fps), then neither has lost its connection.
        await probe.SubscribeAsync(first.Topics.Image);
        await probe.SubscribeAsync(second.Topics.Image);
        for (var i = 0; i < 10; i++)
        {
            await probe.NextAsync(first.Topics.Image, s_timeout);
            await probe.NextAsync(second.Topics.Image, s_timeout);
        }

        foreach (var device in new[] { first, second })
        {
            Assert.DoesNotContain(device.Process.GetOutputLines(), line => line.Contains("Connection to MQTT broker", StringComparison.Ordinal) && line.Contains("lost", StringComparison.Ordinal));
        }

        Assert.NotEqual(DeviceMqttOptions.ClientIdFor(first.Topics.Prefix, "twin"), DeviceMqttOptions.ClientIdFor(second.Topics.Prefix, "twin"));
        Assert.Equal("mqttcam-device-twin", DeviceMqttOptions.ClientIdFor(TopicPrefix.Default, "twin"));
    }

    [Fact]
    public async Task BrokerRestart_IsSurvived_AndEverythingIsRepublished()
    {
        await using var broker = await MosquittoBroker.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var prefix = DeviceProcess.NewPrefix();
        await using var device = DeviceProcess.Start(broker, prefix, "survivor", null, "--Camera:Width=160", "--Camera:Height=120", "--Camera:Fps=5", "--Mqtt:KeepAliveSeconds=5");
        await using (var before = await MqttProbe.ConnectAsync(broker, prefix))
        {
            await before.SubscribeAsync(device.Topics.Availability);
            await before.WaitForTextAsync(device.Topics.Availability, AvailabilityPayload.Online, s_timeout);
        }

        // The broker has no persistence: after the restart only a republishing device brings back the retained topics.
        await broker.RestartAsync(TestContext.Current.CancellationToken);
        await using var after = await MqttProbe.ConnectAsync(broker, prefix);
        await after.SubscribeAsync(device.Topics.Availability);
        await after.SubscribeAsync(device.Topics.State);
        await after.SubscribeAsync(device.Topics.Image);

        await after.WaitForTextAsync(device.Topics.Availability, AvailabilityPayload.Online, s_timeout);
        await after.WaitForAsync(m => m.Topic == device.Topics.State, s_timeout);
        var frame = await after.WaitForAsync(m => m.Topic == device.Topics.Image, s_timeout);
        Assert.Equal(160, JpegCodec.ReadInfo(frame.Payload.Span).Width);
        var reply = await after.RequestAsync(device.Topics.Command, """{"action":"state"}""", s_timeout);
        Assert.Equal("ok", reply.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AcceptedSettings_SurviveARestart_AndACleanStopSaysOffline()
    {
        await using var broker = await MosquittoBroker.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var prefix = DeviceProcess.NewPrefix();
        var state = Directory.CreateTempSubdirectory("mqttcam-state-").FullName;
        await using var probe = await MqttProbe.ConnectAsync(broker, prefix);
        await using (var first = DeviceProcess.Start(broker, prefix, "keeper", state, "--Camera:Width=160", "--Camera:Height=120"))
        {
            await probe.WaitUntilOnlineAsync(first.Topics);
            var reply = await probe.RequestAsync(first.Topics.Set, """{"quality": 42, "awb": "cloudy"}""", s_timeout);
            Assert.Equal("ok", reply.GetProperty("status").GetString());

            first.Process.Terminate();
            Assert.Equal(0, await first.Process.WaitForExitAsync(s_timeout, TestContext.Current.CancellationToken));
            await probe.WaitForTextAsync(first.Topics.Availability, AvailabilityPayload.Offline, s_timeout);
        }

        var availability = new CameraTopics(prefix, "keeper").Availability;
        var secondOnline = probe.WaitForAsync(m => m.Topic == availability && m.Payload.Span.SequenceEqual("online"u8), s_timeout, includeHistory: false);
        await using var second = DeviceProcess.Start(broker, prefix, "keeper", state, "--Camera:Width=160", "--Camera:Height=120");
        await secondOnline;
        var settings = (await probe.RequestAsync(second.Topics.Command, """{"action":"state"}""", s_timeout)).GetProperty("data").GetProperty("settings");

        Assert.Equal(42, settings.GetProperty("quality").GetInt32());
        Assert.Equal("cloudy", settings.GetProperty("awb").GetString());
        Assert.Equal(160, settings.GetProperty("width").GetInt32());
        var saved = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(state, "settings.json"), TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(["quality", "awb"], saved.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task InvalidConfiguration_StopsStartUp_WithOneMessagePerBadKey()
    {
        await using var broker = await MosquittoBroker.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var device = DeviceProcess.Start(broker, "cfg", "x", null, "--Mqtt:Port=99999", "--Camera:Quality=0", "--Camera:Id=bad/id", "--Device:CaptureFileName={nope}");

        var exitCode = await device.Process.WaitForExitAsync(s_timeout, TestContext.Current.CancellationToken);

        Assert.Equal(DeviceProgram.InvalidConfigurationExitCode, exitCode);
        var output = device.Process.GetOutput();
        Assert.Contains("Mqtt:Port: must be from 1 to 65535 (got 99999)", output, StringComparison.Ordinal);
        Assert.Contains("Camera:Quality: must be an integer from 1 to 100 (got \"0\")", output, StringComparison.Ordinal);
        Assert.Contains("Camera:Id: must be 1-64 characters from a-z, A-Z, 0-9, '_' and '-' (got 'bad/id')", output, StringComparison.Ordinal);
        Assert.Contains("Device:CaptureFileName: pattern '{nope}': unknown token '{nope}'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokerDownAtStart_DeviceConnectsWhenItComesUp()
    {
        // Start a broker only to learn a free port, stop it, start the device, then bring the broker back on that port.
        await using var broker = await MosquittoBroker.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await broker.StopAsync(TestContext.Current.CancellationToken);
        var prefix = DeviceProcess.NewPrefix();
        await using var device = DeviceProcess.Start(broker, prefix, "patient", null, "--Camera:Width=160", "--Camera:Height=120");
        await device.Process.WaitForOutputLineAsync(l => l.Contains("starting: source", StringComparison.Ordinal), s_timeout, TestContext.Current.CancellationToken);

        await broker.RestartAsync(TestContext.Current.CancellationToken);
        await using var probe = await MqttProbe.ConnectAsync(broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.Availability);

        await probe.WaitForTextAsync(device.Topics.Availability, AvailabilityPayload.Online, TimeSpan.FromSeconds(60));
    }
}
