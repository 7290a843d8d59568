using System.Diagnostics;
using MqttCam.Device.Tests.Support;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Mqtt;
using MqttCam.Testing.Network;
using MqttCam.Testing.Processes;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Tests.Adversarial;

/// <summary>
/// The device's broker link freezes (a proxy that stops forwarding but keeps the sockets open), then thaws: the
/// broker marks it offline through its last will, and after the thaw it is online again and streaming.
/// </summary>
[Collection(SharedBroker.Name)]
public sealed class DeviceFrozenLinkTests(MosquittoBrokerFixture fixture)
{
    private const int KeepAliveSeconds = 5;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FrozenBrokerLink_GoesOfflineByWill_AndComesBackStreamingAfterThaw()
    {
        await using FrozenLinkProxy proxy = new(fixture.Broker.Host, fixture.Broker.Port);
        var prefix = DeviceProcess.NewPrefix();
        await using var device = DeviceProcess.Start(
            fixture.Broker, prefix, "frozen", null, "--Camera:Width=160", "--Camera:Height=120", "--Camera:Fps=5",
            $"--Mqtt:Host={proxy.Host}", $"--Mqtt:Port={proxy.Port}", $"--Mqtt:KeepAliveSeconds={KeepAliveSeconds}");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.Image);
        await probe.NextAsync(device.Topics.Image, s_timeout);

        proxy.Freeze();
        var frozenAt = Stopwatch.StartNew();
        await probe.WaitForTextAsync(device.Topics.Availability, AvailabilityPayload.Offline, s_timeout);
        TestContext.Current.TestOutputHelper?.WriteLine($"offline (broker's will) {frozenAt.Elapsed.TotalSeconds:F1} s after the freeze");
        Assert.False(device.Process.HasExited);

        // Everything from here on is new: availability back online, and fresh frames on the retained image topic.
        int acceptedBefore = proxy.Accepted;
        Task<MqttCam.Mqtt.MqttMessage> online = probe.WaitForAsync(
            m => m.Topic == device.Topics.Availability && m.Payload.Span.SequenceEqual(System.Text.Encoding.UTF8.GetBytes(AvailabilityPayload.Online)),
            s_timeout, includeHistory: false);
        Task<MqttCam.Mqtt.MqttMessage> frame = probe.NextAsync(device.Topics.Image, s_timeout);
        proxy.Thaw();

        await online;
        await frame;
        Assert.True(proxy.Accepted >= acceptedBefore, "the device reconnected through the proxy");
        Assert.False(device.Process.HasExited);
    }
}
