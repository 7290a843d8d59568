using System.Globalization;
using System.Text;
using MqttCam.Integration.Tests.Support;
using MqttCam.Mqtt;
using MqttCam.Testing.Processes;
using MqttCam.Testing.Mqtt;

namespace MqttCam.Integration.Tests.Mosquitto;

/// <summary>
/// The shipped production broker config and ACL, proved against a real mosquitto: who may connect, who may write and
/// read which topics. A denied QoS 1 publish from an MQTT 5 client gets PUBACK "not authorized" (0x87); to prove it
/// was also not delivered, each test then sends an allowed "barrier" message from the same client: messages from one
/// client reach a subscriber in order, so once the barrier is in, a forbidden message that got through would be too.
/// </summary>
public sealed class ProductionBrokerTests(ProductionBroker broker) : IClassFixture<ProductionBroker>
{
    private const int NotAuthorized = 0x87;

    [Fact]
    public async Task AnonymousClient_IsRefused()
    {
        var error = await Assert.ThrowsAsync<MqttException>(() => MqttProbe.ConnectAsync(broker.ClientOptions(user: null)));

        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WrongPassword_IsRefused()
    {
        var options = broker.ClientOptions("cam1");
        options.Password = "not-the-password";

        var error = await Assert.ThrowsAsync<MqttException>(() => MqttProbe.ConnectAsync(options));

        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Device_CannotPublishAnotherDevicesFramesCommandsSettingsOrDiscovery()
    {
        await using var bridge = await MqttProbe.ConnectAsync(broker.ClientOptions("bridge"));
        await using var homeAssistant = await MqttProbe.ConnectAsync(broker.ClientOptions("homeassistant"));
        await bridge.SubscribeAsync("mqttcam/#");
        await homeAssistant.SubscribeAsync("homeassistant/#");
        await using var cam1 = await MqttProbe.ConnectAsync(broker.ClientOptions("cam1"));
        var marker = Guid.NewGuid().ToString("N");

        string[] forbidden = ["mqttcam/cam2/image", "mqttcam/cam2/availability", "mqttcam/cam2/command", "mqttcam/cam2/set", "mqttcam/cam2/set/quality", "mqttcam/other/image", "homeassistant/device/cam2/config", "homeassistant/camera/cam2/cam2_camera/config", "homeassistant/status"];
        foreach (var topic in forbidden)
        {
            var error = await Assert.ThrowsAsync<MqttException>(() => cam1.PublishAsync(topic, marker));
            Assert.True(error.ErrorCode == NotAuthorized, $"{topic}: expected reason code 0x87, got {error.ErrorCode} ({error.Message})");
        }

        // Its own tree and discovery are allowed, and serve as the barrier.
        await cam1.PublishAsync("mqttcam/cam1/image", "barrier-" + marker);
        await cam1.PublishAsync("homeassistant/device/cam1/config", "barrier-" + marker);
        await bridge.WaitForTextAsync("mqttcam/cam1/image", "barrier-" + marker);
        await homeAssistant.WaitForTextAsync("homeassistant/device/cam1/config", "barrier-" + marker);

        var leaked = bridge.Received("mqttcam/cam2/image").Concat(bridge.Received("mqttcam/cam2/command")).Concat(bridge.Received("mqttcam/cam2/set/quality"))
            .Concat(bridge.Received("mqttcam/other/image")).Concat(homeAssistant.Received("homeassistant/device/cam2/config"))
            .Where(m => Encoding.UTF8.GetString(m.Payload.Span) == marker);
        Assert.Empty(leaked);
        await cam1.PublishAsync("homeassistant/device/cam1/config", string.Empty);
    }

    [Fact]
    public async Task Device_ReadsItsOwnCommands_ButNotAnotherDevicesCommands()
    {
        await using var cam1 = await MqttProbe.ConnectAsync(broker.ClientOptions("cam1"));
        await cam1.SubscribeAsync("mqttcam/cam2/command");
        await cam1.SubscribeAsync("mqttcam/cam1/command");
        await cam1.SubscribeAsync("mqttcam/cam1/set/#");
        await using var bridge = await MqttProbe.ConnectAsync(broker.ClientOptions("bridge"));
        var marker = Guid.NewGuid().ToString("N");

        await bridge.PublishAsync("mqttcam/cam2/command", marker);
        await bridge.PublishAsync("mqttcam/cam1/set/quality", "70");
        await bridge.PublishAsync("mqttcam/cam1/command", marker);

        await cam1.WaitForTextAsync("mqttcam/cam1/command", marker);
        await cam1.WaitForTextAsync("mqttcam/cam1/set/quality", "70");
        Assert.Empty(cam1.Received("mqttcam/cam2/command"));
    }

    [Fact]
    public async Task ServiceUsers_GetWhatTheyNeed_AndNoMore()
    {
        await using var cam2 = await MqttProbe.ConnectAsync(broker.ClientOptions("cam2"));
        await cam2.SubscribeAsync("mqttcam/cam2/#");
        await cam2.SubscribeAsync("homeassistant/status");
        await using var bridge = await MqttProbe.ConnectAsync(broker.ClientOptions("bridge"));
        await using var homeAssistant = await MqttProbe.ConnectAsync(broker.ClientOptions("homeassistant"));
        await using var nodeRed = await MqttProbe.ConnectAsync(broker.ClientOptions("nodered"));
        var marker = Guid.NewGuid().ToString("N");

        await bridge.PublishAsync("mqttcam/cam2/command", "bridge-" + marker);
        await homeAssistant.PublishAsync("mqttcam/cam2/set/fps", "homeassistant-" + marker);
        await homeAssistant.PublishAsync("homeassistant/status", "online");
        await nodeRed.PublishAsync("mqttcam/cam2/set", "nodered-" + marker);
        await cam2.WaitForTextAsync("mqttcam/cam2/command", "bridge-" + marker);
        await cam2.WaitForTextAsync("mqttcam/cam2/set/fps", "homeassistant-" + marker);
        await cam2.WaitForTextAsync("homeassistant/status", "online");
        await cam2.WaitForTextAsync("mqttcam/cam2/set", "nodered-" + marker);

        // No consumer may pose as a camera or announce one to Home Assistant.
        foreach (var (client, topic) in new[] { (bridge, "mqttcam/cam2/image"), (homeAssistant, "mqttcam/cam2/availability"), (nodeRed, "mqttcam/cam2/state"), (nodeRed, "homeassistant/device/cam2/config"), (bridge, "homeassistant/status") })
        {
            var error = await Assert.ThrowsAsync<MqttException>(() => client.PublishAsync(topic, marker));
            Assert.True(error.ErrorCode == NotAuthorized, $"{topic}: expected reason code 0x87, got {error.ErrorCode} ({error.Message})");
        }
    }

    [Fact]
    public async Task IngestRole_MayRepublishUploadedFramesAndAvailability_TheBridgeRoleMayNot()
    {
        // What FrameRepublisher and IngestAvailability publish for an upload / TCP-ingest camera (issue 10 #10).
        await using var viewer = await MqttProbe.ConnectAsync(broker.ClientOptions("nodered"));
        await viewer.SubscribeAsync("mqttcam/upload/#");
        await using var ingest = await MqttProbe.ConnectAsync(broker.ClientOptions("ingest"));
        await using var bridge = await MqttProbe.ConnectAsync(broker.ClientOptions("bridge"));
        var marker = Guid.NewGuid().ToString("N");

        var refused = await Assert.ThrowsAsync<MqttException>(() => bridge.PublishAsync("mqttcam/upload/image", marker));
        Assert.Equal(NotAuthorized, refused.ErrorCode);
        await ingest.PublishAsync("mqttcam/upload/image", "frame-" + marker);
        await ingest.PublishAsync("mqttcam/upload/availability", "online");

        await viewer.WaitForTextAsync("mqttcam/upload/image", "frame-" + marker);
        await viewer.WaitForTextAsync("mqttcam/upload/availability", "online");

        // Still no discovery or Home Assistant status: it cannot announce cameras.
        var discovery = await Assert.ThrowsAsync<MqttException>(() => ingest.PublishAsync("homeassistant/device/upload/config", marker));
        Assert.Equal(NotAuthorized, discovery.ErrorCode);
    }

    [Fact]
    public async Task ResponseTopics_UnderTheRequestersName_AreReadableByThatRequesterOnly()
    {
        await using var cam1 = await MqttProbe.ConnectAsync(broker.ClientOptions("cam1"));
        await using var nodeRed = await MqttProbe.ConnectAsync(broker.ClientOptions("nodered"));
        await using var cam2 = await MqttProbe.ConnectAsync(broker.ClientOptions("cam2"));
        await nodeRed.SubscribeAsync("mqttcam/cam1/response/nodered/#");
        await cam2.SubscribeAsync("mqttcam/cam1/response/nodered/#");
        await cam2.SubscribeAsync("mqttcam/cam2/command");
        var marker = Guid.NewGuid().ToString("N");

        await cam1.PublishAsync("mqttcam/cam1/response/nodered/flow", marker);
        await nodeRed.WaitForTextAsync("mqttcam/cam1/response/nodered/flow", marker);

        await nodeRed.PublishAsync("mqttcam/cam2/command", "barrier");
        await cam2.WaitForTextAsync("mqttcam/cam2/command", "barrier");
        Assert.Empty(cam2.Received("mqttcam/cam1/response/nodered/flow"));
    }

    [Fact]
    public async Task Tls_ConnectsWithTheExampleCa()
    {
        await using var bridge = await MqttProbe.ConnectAsync(broker.ClientOptions("bridge", tls: true));
        await bridge.SubscribeAsync("mqttcam/cam1/state");
        await using var cam1 = await MqttProbe.ConnectAsync(broker.ClientOptions("cam1", tls: true));
        var payload = "over-tls-" + Guid.NewGuid().ToString("N");

        await cam1.PublishAsync("mqttcam/cam1/state", payload);

        await bridge.WaitForTextAsync("mqttcam/cam1/state", payload);
    }

    [Fact]
    public async Task Tls_RefusesAClientThatTrustsAnotherCa()
    {
        var otherCa = Directory.CreateTempSubdirectory("mqttcam-other-ca-");
        try
        {
            await ScriptRunner.RunAsync(RepositoryPaths.Get("mosquitto", "production", "make-ca.sh"), [otherCa.FullName, "127.0.0.1"], TimeSpan.FromSeconds(60));
            var port = broker.TlsPort.ToString(CultureInfo.InvariantCulture);
            string[] common = ["-h", "127.0.0.1", "-p", port, "-u", "bridge", "-P", ProductionBroker.PasswordOf("bridge"), "-t", "mqttcam/cam1/command", "-m", "x", "-q", "1"];

            var trusted = await RunPublisherAsync([.. common, "--cafile", broker.CaFile]);
            var untrusted = await RunPublisherAsync([.. common, "--cafile", Path.Combine(otherCa.FullName, "ca.crt")]);

            Assert.True(trusted.ExitCode == 0, trusted.Output);
            Assert.True(untrusted.ExitCode != 0, "mosquitto_pub trusted a certificate from another CA:\n" + untrusted.Output);
            Assert.Contains("TLS error", untrusted.Output, StringComparison.Ordinal);
        }
        finally
        {
            otherCa.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task RealDevice_WorksWithItsCredentialsOverTls()
    {
        await using var bridge = await MqttProbe.ConnectAsync(broker.ClientOptions("bridge"));
        await bridge.SubscribeAsync("mqttcam/cam1/#");
        await using var homeAssistant = await MqttProbe.ConnectAsync(broker.ClientOptions("homeassistant"));
        await homeAssistant.SubscribeAsync("homeassistant/device/cam1/config");
        await using var device = DeviceProcess.Start(broker.Host, broker.TlsPort, "mqttcam", "cam1", null, [.. DeviceProcess.SmallCamera, .. DeviceProcess.HomeAssistantDefaults,
            "--Mqtt:Username=cam1", $"--Mqtt:Password={ProductionBroker.PasswordOf("cam1")}", $"--Mqtt:Tls:CaFile={broker.CaFile}"]);

        await bridge.WaitForTextAsync("mqttcam/cam1/availability", "online", TimeSpan.FromSeconds(60));
        var frame = await bridge.WaitForAsync(m => m.Topic == "mqttcam/cam1/image");
        Assert.Equal(160, MqttCam.Imaging.JpegCodec.ReadInfo(frame.Payload.Span).Width);
        var discovery = await homeAssistant.WaitForAsync(m => m.Topic == "homeassistant/device/cam1/config" && m.Payload.Length > 0);
        Assert.Contains("\"cmps\"", Encoding.UTF8.GetString(discovery.Payload.Span), StringComparison.Ordinal);

        await using var nodeRed = await MqttProbe.ConnectAsync(broker.ClientOptions("nodered"));
        var reply = await nodeRed.RequestAsync("mqttcam/cam1/command", """{"action":"capture","width":80}""", "mqttcam/cam1/response/nodered/test");
        Assert.Equal("ok", reply.GetProperty("status").GetString());
        Assert.Equal(80, reply.GetProperty("data").GetProperty("width").GetInt32());

        // Clear the retained discovery so no other test of this broker sees a camera.
        var removed = await nodeRed.RequestAsync("mqttcam/cam1/command", """{"action":"remove_discovery"}""", "mqttcam/cam1/response/nodered/test");
        Assert.Equal("ok", removed.GetProperty("status").GetString());
        Assert.DoesNotContain("Not authorized", device.Process.GetOutput(), StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<(int ExitCode, string Output)> RunPublisherAsync(string[] arguments)
    {
        await using var publisher = ChildProcess.Start(MosquittoTools.PublisherPath, arguments);
        var exitCode = await publisher.WaitForExitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return (exitCode, publisher.GetOutput());
    }
}
