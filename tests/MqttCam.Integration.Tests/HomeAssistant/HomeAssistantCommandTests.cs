using System.Globalization;
using System.Text;
using System.Text.Json;
using MqttCam.Imaging;
using MqttCam.Mqtt;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Mqtt;
using MqttCam.Testing.Processes;

namespace MqttCam.Integration.Tests.HomeAssistant;

/// <summary>
/// Home Assistant's view of a real device: read the retained discovery config from the broker, then act as Home
/// Assistant would on every entity that has a command topic, and check the device changes as the entity announces.
/// </summary>
public sealed class HomeAssistantCommandTests(MosquittoBrokerFixture fixture) : IClassFixture<MosquittoBrokerFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryCommandTopicADiscoveryPayloadNames_ChangesTheDeviceAsAnnounced(bool perComponent)
    {
        var prefix = NewPrefix();
        await using var homeAssistant = await ConnectAsync();
        await homeAssistant.SubscribeAsync(prefix + "/ha/#");
        await homeAssistant.SubscribeAsync(prefix + "/cam/#");
        await using var device = StartDevice(prefix, perComponent);
        await homeAssistant.WaitForTextAsync(device.Topics.Availability, "online", s_timeout);

        var entities = perComponent ? await ReadPerComponentAsync(homeAssistant, prefix) : await ReadDeviceConfigAsync(homeAssistant, prefix);
        var commanded = entities.Where(e => e.CommandTopic is not null).ToArray();
        var platforms = commanded.Select(e => e.Platform).Distinct().Order().ToArray();
        Assert.Equal(["button", "number", "select", "switch"], platforms);

        // Every entity is tried and every failure reported together, so one broken entity does not hide another.
        var failures = new List<string>();
        foreach (var entity in commanded)
        {
            try
            {
                await CheckAsync(homeAssistant, device, entity);
            }
            catch (Exception ex) when (ex is Xunit.Sdk.IAssertionException or TimeoutException or KeyNotFoundException or InvalidOperationException)
            {
                failures.Add($"{entity.ObjectId} ({entity.Platform}): {ex.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(commanded.Length >= 15, $"only {commanded.Length} command entities were announced");
        Assert.All(homeAssistant.Received(device.Topics.Response), m => Assert.Contains("\"status\":\"ok\"", Encoding.UTF8.GetString(m.Payload.Span), StringComparison.Ordinal));
    }

    private static async Task CheckAsync(MqttProbe homeAssistant, DeviceProcess device, DiscoveredEntity entity)
    {
        switch (entity.Platform)
        {
            case "number":
                var number = NextNumber(entity, await CurrentAsync(homeAssistant, device, entity));
                await ExpectStateAfterAsync(homeAssistant, entity, number.Text, number.Value);
                break;
            case "select":
                var current = await CurrentAsync(homeAssistant, device, entity);
                var option = entity.Config.GetProperty("ops").EnumerateArray().Select(o => o.GetString()!).First(o => o != current);
                await ExpectStateAfterAsync(homeAssistant, entity, option, null);
                break;
            case "switch":
                var state = await CurrentAsync(homeAssistant, device, entity);
                var (on, off) = (entity.Text("pl_on")!, entity.Text("pl_off")!);
                // Both payloads, ending where it started (streaming OFF would stop the frames the buttons need).
                await ExpectStateAfterAsync(homeAssistant, entity, state == on ? off : on, null);
                await ExpectStateAfterAsync(homeAssistant, entity, state == on ? on : off, null);
                break;
            case "button":
                await PressAsync(homeAssistant, device, entity);
                break;
            default:
                Assert.Fail($"no check for platform {entity.Platform}");
                break;
        }
    }

    [Fact]
    public async Task HomeAssistantOnline_RepublishesDiscoveryAndState()
    {
        var prefix = NewPrefix();
        await using var homeAssistant = await ConnectAsync();
        await homeAssistant.SubscribeAsync(prefix + "/ha/#");
        await homeAssistant.SubscribeAsync(prefix + "/cam/#");
        // No periodic state: after the first one, a state message can only come from the re-announcement.
        await using var device = StartDevice(prefix, perComponent: false, "--Device:StateIntervalSeconds=3600");
        var configTopic = $"{prefix}/ha/device/{device.Topics.CameraId}/config";
        await homeAssistant.WaitForTextAsync(device.Topics.Availability, "online", s_timeout);
        var first = await homeAssistant.WaitForAsync(m => m.Topic == configTopic, s_timeout);
        await homeAssistant.WaitForAsync(m => m.Topic == device.Topics.State, s_timeout);

        var republished = homeAssistant.WaitForAsync(m => m.Topic == configTopic, s_timeout, includeHistory: false);
        var restated = homeAssistant.WaitForAsync(m => m.Topic == device.Topics.State, s_timeout, includeHistory: false);
        await homeAssistant.PublishAsync(prefix + "/ha/status", "offline");
        await homeAssistant.PublishAsync(prefix + "/ha/status", "online");

        var again = await republished;
        Assert.Equal(first.Payload.ToArray(), again.Payload.ToArray());
        using var state = JsonDocument.Parse((await restated).Payload);
        Assert.Equal(JsonValueKind.Object, state.RootElement.GetProperty("settings").ValueKind);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RemoveDiscovery_LeavesNoRetainedConfig(bool perComponent)
    {
        var prefix = NewPrefix();
        await using var homeAssistant = await ConnectAsync();
        await homeAssistant.SubscribeAsync(prefix + "/ha/#");
        await homeAssistant.SubscribeAsync(prefix + "/cam/#");
        await using var device = StartDevice(prefix, perComponent);
        await homeAssistant.WaitForTextAsync(device.Topics.Availability, "online", s_timeout);
        var configTopics = perComponent
            ? (await ReadPerComponentAsync(homeAssistant, prefix)).Select(e => $"{prefix}/ha/{e.Platform}/{device.Topics.CameraId}/{e.ObjectId}/config").ToArray()
            : [$"{prefix}/ha/device/{device.Topics.CameraId}/config"];
        await homeAssistant.WaitForAsync(m => m.Topic == configTopics[0] && m.Payload.Length > 0, s_timeout);

        var reply = await homeAssistant.RequestAsync(device.Topics.Command, """{"action":"remove_discovery"}""", device.Topics.Response + "/homeassistant/remove");
        Assert.Equal("ok", reply.GetProperty("status").GetString());
        foreach (var topic in configTopics)
        {
            await homeAssistant.WaitForAsync(m => m.Topic == topic && m.Payload.Length == 0, s_timeout);
        }

        // What a restarting Home Assistant would get: retained messages arrive right after SUBSCRIBE, before a message
        // the same client publishes next, so once that marker is in, every retained config would have been too.
        await using var restarted = await ConnectAsync();
        await restarted.SubscribeAsync(prefix + "/ha/#");
        await restarted.PublishAsync(prefix + "/ha/marker", "marker");
        await restarted.WaitForTextAsync(prefix + "/ha/marker", "marker", s_timeout);
        Assert.Equal([prefix + "/ha/marker"], restarted.Received(prefix + "/ha/marker").Select(m => m.Topic).ToArray());
        Assert.All(configTopics, topic => Assert.Empty(restarted.Received(topic)));
    }

    private static string NewPrefix() => "ha" + Guid.NewGuid().ToString("N")[..10];

    private DeviceProcess StartDevice(string prefix, bool perComponent, params string[] extraArgs) =>
        DeviceProcess.Start(fixture.Host, fixture.Port, prefix + "/cam", "hacam", null, [.. DeviceProcess.SmallCamera, $"--HomeAssistant:DiscoveryPrefix={prefix}/ha", $"--HomeAssistant:StatusTopic={prefix}/ha/status", $"--HomeAssistant:PerComponentDiscovery={perComponent}", .. extraArgs]);

    private Task<MqttProbe> ConnectAsync() =>
        MqttProbe.ConnectAsync(new MqttClientOptions { Host = fixture.Host, Port = fixture.Port });

    private static async Task<IReadOnlyList<DiscoveredEntity>> ReadDeviceConfigAsync(MqttProbe homeAssistant, string prefix)
    {
        var message = await homeAssistant.WaitForAsync(m => m.Topic == $"{prefix}/ha/device/hacam/config" && m.Payload.Length > 0, s_timeout);
        using var document = JsonDocument.Parse(message.Payload);
        return DiscoveredEntity.FromDeviceConfig(document.RootElement.Clone());
    }

    /// <summary>Per-component configs: as many as the device-based config has components, read from their topics.</summary>
    private static async Task<IReadOnlyList<DiscoveredEntity>> ReadPerComponentAsync(MqttProbe homeAssistant, string prefix)
    {
        // The camera entity is announced first and the connectivity sensor last (same order as device-based cmps).
        await homeAssistant.WaitForAsync(m => m.Topic == $"{prefix}/ha/binary_sensor/hacam/hacam_connectivity/config", s_timeout);
        var entities = new List<DiscoveredEntity>();
        foreach (var message in AllConfigs(homeAssistant, prefix))
        {
            var parts = message.Topic[(prefix.Length + 4)..].Split('/');
            using var document = JsonDocument.Parse(message.Payload);
            Assert.True(document.RootElement.TryGetProperty("dev", out _), $"{message.Topic} has no dev");
            Assert.True(document.RootElement.TryGetProperty("o", out _), $"{message.Topic} has no o");
            Assert.Equal("hacam", parts[1]);
            entities.Add(new DiscoveredEntity(parts[2], parts[0], document.RootElement.Clone()));
        }

        Assert.True(entities.Count >= 20, $"only {entities.Count} per-component configs");
        return entities;
    }

    private static IEnumerable<MqttMessage> AllConfigs(MqttProbe homeAssistant, string prefix) =>
        homeAssistant.ReceivedWhere(m => m.Topic.StartsWith(prefix + "/ha/", StringComparison.Ordinal) && m.Topic.EndsWith("/config", StringComparison.Ordinal) && m.Payload.Length > 0)
            .GroupBy(m => m.Topic).Select(g => g.Last());

    /// <summary>The value the entity shows now: its template applied to a fresh state (asked for with the state command).</summary>
    private static async Task<string> CurrentAsync(MqttProbe homeAssistant, DeviceProcess device, DiscoveredEntity entity)
    {
        var reply = await homeAssistant.RequestAsync(device.Topics.Command, """{"action":"state"}""", device.Topics.Response + "/homeassistant/state");
        Assert.Equal("ok", reply.GetProperty("status").GetString());
        return ValueTemplate.Evaluate(entity.ValueTemplate!, reply.GetProperty("data"));
    }

    /// <summary>Publishes <paramref name="payload"/> as Home Assistant would and waits for the state topic to show it.</summary>
    private static async Task ExpectStateAfterAsync(MqttProbe homeAssistant, DiscoveredEntity entity, string payload, double? number)
    {
        Assert.NotNull(entity.StateTopic);
        Assert.NotNull(entity.ValueTemplate);
        bool Shows(MqttMessage m)
        {
            if (m.Topic != entity.StateTopic)
            {
                return false;
            }

            using var document = JsonDocument.Parse(m.Payload);
            var shown = ValueTemplate.Evaluate(entity.ValueTemplate!, document.RootElement);
            return number is { } expected
                ? Math.Abs(double.Parse(shown, CultureInfo.InvariantCulture) - expected) < entity.Number("step") / 1000
                : shown == payload;
        }

        // The device answers every set on its response topic; a refusal fails at once with the device's words.
        var responseTopic = entity.CommandTopic![..entity.CommandTopic!.IndexOf("/set", StringComparison.Ordinal)] + "/response";
        var changed = homeAssistant.WaitForAsync(Shows, s_timeout, includeHistory: false);
        var refused = homeAssistant.WaitForAsync(m => m.Topic == responseTopic && Encoding.UTF8.GetString(m.Payload.Span).Contains("\"status\":\"error\"", StringComparison.Ordinal), s_timeout, includeHistory: false);
        await homeAssistant.PublishAsync(entity.CommandTopic!, payload);
        if (await Task.WhenAny(changed, refused) == refused && refused.IsCompletedSuccessfully)
        {
            Assert.Fail($"'{payload}' on {entity.CommandTopic} was refused: {Encoding.UTF8.GetString((await refused).Payload.Span)}");
        }

        await changed;
    }

    private static async Task PressAsync(MqttProbe homeAssistant, DeviceProcess device, DiscoveredEntity entity)
    {
        var press = entity.Text("pl_prs") ?? "PRESS";
        using var pressed = JsonDocument.Parse(press);
        var action = pressed.RootElement.GetProperty("action").GetString();
        bool Answered(MqttMessage m)
        {
            if (m.Topic != device.Topics.Response)
            {
                return false;
            }

            using var document = JsonDocument.Parse(m.Payload);
            return document.RootElement.GetProperty("action").GetString() == action;
        }

        var response = homeAssistant.WaitForAsync(Answered, s_timeout, includeHistory: false);
        var snapshot = homeAssistant.WaitForAsync(m => m.Topic == device.Topics.Snapshot, s_timeout, includeHistory: false);
        Assert.Equal(device.Topics.Command, entity.CommandTopic);
        await homeAssistant.PublishAsync(entity.CommandTopic!, press);

        using var answer = JsonDocument.Parse((await response).Payload);
        Assert.True(answer.RootElement.GetProperty("status").GetString() == "ok", $"{entity.ObjectId}: {answer.RootElement.GetRawText()}");
        if (action == "capture")
        {
            // The snapshot image entity (img_t) shows what the button captured.
            var frame = await snapshot;
            Assert.Equal(answer.RootElement.GetProperty("data").GetProperty("size").GetInt32(), frame.Payload.Length);
            Assert.True(JpegCodec.ReadInfo(frame.Payload.Span).Width > 0);
        }
    }

    /// <summary>A value on the entity's step grid, inside min..max, different from the current one.</summary>
    private static (string Text, double Value) NextNumber(DiscoveredEntity entity, string current)
    {
        double min = entity.Number("min"), max = entity.Number("max"), step = entity.Number("step");
        var decimals = Math.Max(0, (int)Math.Ceiling(-Math.Log10(step)));
        var currentValue = double.Parse(current, CultureInfo.InvariantCulture);
        var candidate = Math.Round(min + (Math.Round((max - min) / 3 / step) * step), decimals);
        if (Math.Abs(candidate - currentValue) < step / 2)
        {
            candidate = Math.Round(candidate + step, decimals);
        }

        Assert.InRange(candidate, min, max);
        return (candidate.ToString(CultureInfo.InvariantCulture), candidate);
    }
}
