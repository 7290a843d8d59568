using System.Text.Json;
using MqttCam.Device.Configuration;
using MqttCam.Device.HomeAssistant;
using MqttCam.Settings;
using MqttCam.Topics;

namespace MqttCam.Device.Tests.HomeAssistant;

public sealed class HomeAssistantDiscoveryTests
{
    private static readonly CameraTopics s_topics = new("mqttcam", "pi_cam");

    private static HomeAssistantDiscovery Create(bool perComponent = false, string? bridgeUrl = "http://bridge.local:8080/") =>
        new(new HomeAssistantOptions { PerComponentDiscovery = perComponent, BridgeUrl = bridgeUrl }, s_topics, "1.2.3");

    [Fact]
    public void Build_DeviceBased_IsOneRetainedConfigWithDeviceOriginAndComponents()
    {
        var messages = Create().Build(new CameraSettings(), "rpicam");

        var message = Assert.Single(messages);
        Assert.Equal("homeassistant/device/pi_cam/config", message.Topic);
        Assert.Matches(HomeAssistantSchema.TopicMatcher(), message.Topic["homeassistant/".Length..]);
        var root = JsonDocument.Parse(message.Payload).RootElement;
        var device = root.GetProperty("dev");
        Assert.Equal(["mqttcam_pi_cam"], device.GetProperty("ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("pi_cam", device.GetProperty("name").GetString());
        Assert.Equal("1.2.3", device.GetProperty("sw").GetString());
        Assert.Equal("http://bridge.local:8080/", device.GetProperty("cu").GetString());
        Assert.Equal("MqttCam camera (rpicam)", device.GetProperty("mdl").GetString());
        Assert.All(device.EnumerateObject(), p => Assert.Contains(p.Name, HomeAssistantSchema.DeviceKeys));
        Assert.Equal("MqttCam", root.GetProperty("o").GetProperty("name").GetString());
        Assert.All(root.GetProperty("o").EnumerateObject(), p => Assert.Contains(p.Name, HomeAssistantSchema.OriginKeys));
    }

    [Fact]
    public void Build_EveryComponent_PassesHomeAssistantsSchema()
    {
        var root = JsonDocument.Parse(Create().Build(new CameraSettings(), "testpattern")[0].Payload).RootElement;
        var components = root.GetProperty("cmps").EnumerateObject().ToArray();

        var problems = components.SelectMany(c => HomeAssistantSchema.ValidateComponent(c.Name, c.Value, c.Value.GetProperty("p").GetString()!)).ToArray();

        Assert.Empty(problems);
        Assert.Equal(components.Length, components.Select(c => c.Value.GetProperty("uniq_id").GetString()).Distinct().Count());
        Assert.All(components, c => Assert.Matches("^[a-zA-Z0-9_-]+$", c.Name));
    }

    [Fact]
    public void Build_EverySettingTheSchemaOffersToHomeAssistant_HasItsEntity()
    {
        var root = JsonDocument.Parse(Create().Build(new CameraSettings(), "testpattern")[0].Payload).RootElement;
        var byKey = root.GetProperty("cmps").EnumerateObject().ToDictionary(c => c.Name, c => c.Value);
        var offered = CameraSettingsSchema.All.Where(s => s.HomeAssistant != HomeAssistantEntity.None).ToArray();

        Assert.NotEmpty(offered);
        Assert.All(offered.Where(s => s.Name != "fps"), setting =>
        {
            // fps is announced as a measured sensor under the same key, so its number entity is not checked here.
            var component = byKey[$"pi_cam_{setting.Name}"];
            var platform = setting.HomeAssistant switch
            {
                HomeAssistantEntity.Select => "select",
                HomeAssistantEntity.Switch => "switch",
                _ => "number",
            };
            Assert.Equal(platform, component.GetProperty("p").GetString());
            Assert.Equal($"mqttcam/pi_cam/set/{setting.Name}", component.GetProperty("cmd_t").GetString());
            if (platform == "number")
            {
                Assert.Equal(setting.HomeAssistant == HomeAssistantEntity.NumberSlider ? "slider" : "box", component.GetProperty("mode").GetString());
            }
        });
    }

    [Fact]
    public void Build_OffersTheEntitiesUsersExpect()
    {
        var root = JsonDocument.Parse(Create().Build(new CameraSettings(), "testpattern")[0].Payload).RootElement;
        var byKey = root.GetProperty("cmps").EnumerateObject().ToDictionary(c => c.Name, c => c.Value);

        Assert.Equal("mqttcam/pi_cam/image", byKey["pi_cam_camera"].GetProperty("t").GetString());
        Assert.Equal("mqttcam/pi_cam/image", byKey["pi_cam_image"].GetProperty("img_t").GetString());
        Assert.Equal("image/jpeg", byKey["pi_cam_image"].GetProperty("cont_type").GetString());
        Assert.Equal("""{"action":"capture"}""", byKey["pi_cam_capture"].GetProperty("pl_prs").GetString());
        Assert.Equal("mqttcam/pi_cam/command", byKey["pi_cam_capture"].GetProperty("cmd_t").GetString());
        Assert.Equal("mqttcam/pi_cam/set/resolution", byKey["pi_cam_resolution"].GetProperty("cmd_t").GetString());
        Assert.Contains("1280x720", byKey["pi_cam_resolution"].GetProperty("ops").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(CameraSettingsSchema.AwbModes, byKey["pi_cam_awb"].GetProperty("ops").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal((1, 100), (byKey["pi_cam_quality"].GetProperty("min").GetInt32(), byKey["pi_cam_quality"].GetProperty("max").GetInt32()));
        Assert.Equal("mqttcam/pi_cam/set/streaming", byKey["pi_cam_streaming"].GetProperty("cmd_t").GetString());
        Assert.Equal("diagnostic", byKey["pi_cam_fps"].GetProperty("ent_cat").GetString());
        Assert.Equal("temperature", byKey["pi_cam_cpu_temperature"].GetProperty("dev_cla").GetString());
        Assert.Equal("connectivity", byKey["pi_cam_connectivity"].GetProperty("dev_cla").GetString());
        Assert.Equal("problem", byKey["pi_cam_problem"].GetProperty("dev_cla").GetString());
        Assert.False(byKey["pi_cam_connectivity"].TryGetProperty("avty", out _));
        Assert.All(byKey.Where(c => c.Key != "pi_cam_connectivity"), c =>
            Assert.Equal("mqttcam/pi_cam/availability", c.Value.GetProperty("avty")[0].GetProperty("t").GetString()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Build_LockButtons_OnlyWhereTheSourceReportsExposure(bool expected)
    {
        var components = JsonDocument.Parse(Create().Build(new CameraSettings(), "rpicam", canLockExposure: expected)[0].Payload).RootElement.GetProperty("cmps");

        Assert.Equal(expected, components.TryGetProperty("pi_cam_lock", out _));
        Assert.Equal(expected, components.TryGetProperty("pi_cam_unlock", out _));
    }

    [Fact]
    public void Build_NeverPutsFramesUnderTheDiscoveryPrefix()
    {
        var payload = System.Text.Encoding.UTF8.GetString(Create().Build(new CameraSettings(), "testpattern")[0].Payload);
        var root = JsonDocument.Parse(payload).RootElement;

        foreach (var component in root.GetProperty("cmps").EnumerateObject())
        {
            foreach (var property in component.Value.EnumerateObject().Where(p => p.Name.EndsWith('t') && p.Value.ValueKind == JsonValueKind.String))
            {
                Assert.False(property.Value.GetString()!.StartsWith("homeassistant/", StringComparison.Ordinal), $"{component.Name}.{property.Name}");
            }
        }
    }

    [Fact]
    public void Build_UnlistedCurrentResolution_IsAddedSoTheSelectStateIsValid()
    {
        var root = JsonDocument.Parse(Create().Build(new CameraSettings { Width = 1000, Height = 500 }, "testpattern")[0].Payload).RootElement;

        Assert.Contains("1000x500", root.GetProperty("cmps").GetProperty("pi_cam_resolution").GetProperty("ops").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Build_PerComponent_GivesOneValidConfigTopicPerEntity()
    {
        var deviceBased = JsonDocument.Parse(Create().Build(new CameraSettings(), "testpattern")[0].Payload).RootElement.GetProperty("cmps");
        var messages = Create(perComponent: true).Build(new CameraSettings(), "testpattern");

        Assert.Equal(deviceBased.EnumerateObject().Count(), messages.Count);
        foreach (var message in messages)
        {
            var match = HomeAssistantSchema.TopicMatcher().Match(message.Topic["homeassistant/".Length..]);
            Assert.True(match.Success, message.Topic);
            Assert.Equal("pi_cam", match.Groups["node_id"].Value);
            var payload = JsonDocument.Parse(message.Payload).RootElement;
            Assert.False(payload.TryGetProperty("p", out _));
            Assert.Equal("mqttcam_pi_cam", payload.GetProperty("dev").GetProperty("ids")[0].GetString());
            Assert.Empty(HomeAssistantSchema.ValidateComponent(message.Topic, payload, match.Groups["component"].Value));
        }
    }

    [Fact]
    public void BuildRemoval_EmptiesEveryConfigTopicOfBothStyles()
    {
        var removal = Create().BuildRemoval(new CameraSettings());
        var perComponentTopics = Create(perComponent: true).Build(new CameraSettings(), "rpicam", canLockExposure: true).Select(m => m.Topic);

        Assert.All(removal, m => Assert.Empty(m.Payload));
        Assert.Equal(["homeassistant/device/pi_cam/config", .. perComponentTopics], removal.Select(m => m.Topic));
    }
}
