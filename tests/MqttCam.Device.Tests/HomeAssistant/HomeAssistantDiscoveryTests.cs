using System.Text.Json;
using MqttCam.Core.Contracts;
using MqttCam.Device.Configuration;
using MqttCam.Device.HomeAssistant;
using MqttCam.Core.Settings;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Tests.HomeAssistant;

public sealed class HomeAssistantDiscoveryTests
{
    private static readonly CameraTopics s_topics = new("mqttcam", "pi_cam");

    private static HomeAssistantDiscovery Create(bool perComponent = false, string? bridgeUrl = "http://bridge.local:8080/", bool reportsCpuTemperature = true) =>
        new(new HomeAssistantOptions { PerComponentDiscovery = perComponent, BridgeUrl = bridgeUrl }, s_topics, "1.2.3", reportsCpuTemperature);

    private static Dictionary<string, JsonElement> Components(bool canLockExposure = false, bool reportsCpuTemperature = true, CameraTopics? topics = null)
    {
        var discovery = topics is null
            ? Create(reportsCpuTemperature: reportsCpuTemperature)
            : new HomeAssistantDiscovery(new HomeAssistantOptions(), topics, "1.2.3", reportsCpuTemperature);
        var root = JsonDocument.Parse(discovery.Build(new CameraSettings(), "testpattern", canLockExposure)[0].Payload).RootElement;
        return root.GetProperty("cmps").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.Clone());
    }

    private static string? Text(JsonElement component, string key) =>
        component.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

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
        Assert.Equal(HomeAssistantDiscovery.SupportUrl, root.GetProperty("o").GetProperty("url").GetString());
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

    /// <summary>
    /// The expected entities come from the source of truth: every setting the schema offers to Home Assistant (by its
    /// entity kind, with its range, options and unit) and every button from the command catalogue. A setting whose
    /// entity is missing, or shadowed by another entity with the same key (the fps number once was), fails here.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Build_EverySettingAndButtonTheSourcesOfTruthOffer_HasItsEntity(bool canLockExposure)
    {
        var byKey = Components(canLockExposure);
        var offered = CameraSettingsSchema.All.Where(s => s.HomeAssistant != HomeAssistantEntity.None).ToArray();

        Assert.Contains(offered, s => s.Name == "fps");
        Assert.All(offered, setting =>
        {
            Assert.True(byKey.TryGetValue($"pi_cam_{setting.Name}", out var component), $"no entity for setting {setting.Name}");
            var platform = setting.HomeAssistant switch
            {
                HomeAssistantEntity.Select => "select",
                HomeAssistantEntity.Switch => "switch",
                _ => "number",
            };
            Assert.Equal(platform, component.GetProperty("p").GetString());
            Assert.Equal(setting.Label, component.GetProperty("name").GetString());
            Assert.Equal($"mqttcam/pi_cam/set/{setting.Name}", component.GetProperty("cmd_t").GetString());
            Assert.Equal("mqttcam/pi_cam/state", component.GetProperty("stat_t").GetString());
            Assert.Contains($"value_json.settings.{setting.Name} ", component.GetProperty("val_tpl").GetString(), StringComparison.Ordinal);
            switch (platform)
            {
                case "number":
                    Assert.Equal(setting.HomeAssistant == HomeAssistantEntity.NumberSlider ? "slider" : "box", component.GetProperty("mode").GetString());
                    Assert.Equal((setting.Minimum, setting.Maximum, setting.Step), (component.GetProperty("min").GetDouble(), component.GetProperty("max").GetDouble(), component.GetProperty("step").GetDouble()));
                    Assert.Equal(setting.Unit, Text(component, "unit_of_meas"));
                    break;
                case "select":
                    Assert.Equal(setting.Options, component.GetProperty("ops").EnumerateArray().Select(e => e.GetString()!));
                    break;
                default:
                    Assert.Equal(("ON", "OFF"), (Text(component, "pl_on"), Text(component, "pl_off")));
                    break;
            }
        });

        var buttons = HomeAssistantDiscovery.Buttons.Where(b => canLockExposure || !b.NeedsExposure).ToArray();
        Assert.All(buttons, button =>
        {
            Assert.NotNull(DeviceCommands.Find(button.Action));
            var component = byKey[$"pi_cam_{button.Action}"];
            Assert.Equal("button", component.GetProperty("p").GetString());
            Assert.Equal(button.Label, component.GetProperty("name").GetString());
        });

        // Nothing beyond what the sources of truth and the fixed entities below name.
        string[] fixedKeys = ["camera", "image", "snapshot", "resolution", "frame_rate", "frame_size", "frame_age", "last_frame", "frames_dropped", "cpu_temperature", "motion_detected", "motion_event", "problem", "connectivity"];
        var expected = offered.Select(s => s.Name).Concat(buttons.Select(b => b.Action)).Concat(fixedKeys).Select(k => $"pi_cam_{k}").Order();
        Assert.Equal(expected, byKey.Keys.Order());
    }

    /// <summary>
    /// Every command topic discovery names is one the device handles: the command topic with a catalogue action, or
    /// <c>set/&lt;name&gt;</c> of a schema setting that accepts each value Home Assistant can send (every option,
    /// both switch payloads, a number's min and max).
    /// </summary>
    [Fact]
    public void Build_EveryCommandTopic_IsOneTheDeviceAcceptsWithEveryValueTheEntityCanSend()
    {
        var commanded = Components(canLockExposure: true).Where(c => c.Value.TryGetProperty("cmd_t", out _)).ToArray();

        Assert.NotEmpty(commanded);
        Assert.All(commanded, c =>
        {
            var topic = c.Value.GetProperty("cmd_t").GetString()!;
            if (topic == s_topics.Command)
            {
                using var press = JsonDocument.Parse(c.Value.GetProperty("pl_prs").GetString()!);
                Assert.NotNull(DeviceCommands.Find(press.RootElement.GetProperty("action").GetString()!));
                return;
            }

            Assert.StartsWith(s_topics.Set + "/", topic, StringComparison.Ordinal);
            var name = topic[(s_topics.Set.Length + 1)..];
            Assert.Contains(name, CameraSettingsSchema.Names);
            string[] values = c.Value.GetProperty("p").GetString() switch
            {
                "select" => [.. c.Value.GetProperty("ops").EnumerateArray().Select(o => o.GetString()!)],
                "switch" => [Text(c.Value, "pl_on")!, Text(c.Value, "pl_off")!],
                "number" => [c.Value.GetProperty("min").GetRawText(), c.Value.GetProperty("max").GetRawText()],
                var other => throw new InvalidOperationException($"{c.Key}: no values known for platform {other}"),
            };
            Assert.All(values, value =>
            {
                var result = CameraSettingsSchema.ApplyText(new CameraSettings(), name, value);
                Assert.True(result.IsSuccess, $"{c.Key}: {value} → {result.ErrorMessage}");
            });
        });
    }

    [Fact]
    public void Build_DemandEntities_ReadTheirOwnTopics()
    {
        var byKey = Components();

        Assert.Equal(("camera", "mqttcam/pi_cam/image"), (byKey["pi_cam_camera"].GetProperty("p").GetString(), Text(byKey["pi_cam_camera"], "t")));
        Assert.Equal(("image", "mqttcam/pi_cam/preview"), (byKey["pi_cam_image"].GetProperty("p").GetString(), Text(byKey["pi_cam_image"], "img_t")));
        var motion = byKey["pi_cam_motion_detected"];
        Assert.Equal(("binary_sensor", "mqttcam/pi_cam/motion", "motion", "ON", "OFF"), (motion.GetProperty("p").GetString(), Text(motion, "stat_t"), Text(motion, "dev_cla"), Text(motion, "pl_on"), Text(motion, "pl_off")));
        var motionEvent = byKey["pi_cam_motion_event"];
        Assert.Equal(("event", "mqttcam/pi_cam/event"), (motionEvent.GetProperty("p").GetString(), Text(motionEvent, "stat_t")));
        Assert.Equal(["motion_start", "motion_end"], motionEvent.GetProperty("evt_typ").EnumerateArray().Select(e => e.GetString()!));
        Assert.StartsWith("{{ {'event_type': 'motion_' ~ value_json.state", Text(motionEvent, "val_tpl"), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_FpsNumberAndMeasuredFrameRate_AreTwoEntities()
    {
        var byKey = Components();

        Assert.Equal("number", byKey["pi_cam_fps"].GetProperty("p").GetString());
        Assert.Equal("number.pi_cam_fps", Text(byKey["pi_cam_fps"], "def_ent_id"));
        var measured = byKey["pi_cam_frame_rate"];
        Assert.Equal("sensor", measured.GetProperty("p").GetString());
        // Rounded in the template so a rate wobbling between 9.8 and 10.0 is one recorder state, not two.
        Assert.Contains("value_json.fps | round(", Text(measured, "val_tpl"), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_TimestampSensors_SayNoneWhileThereIsNoFrame()
    {
        var byKey = Components();

        // Home Assistant reads the payload "None" as no value (PAYLOAD_NONE) instead of logging an invalid timestamp.
        Assert.Equal("{{ value_json.last_frame_at if value_json.last_frame_at else 'None' }}", Text(byKey["pi_cam_last_frame"], "val_tpl"));
        Assert.EndsWith("if value_json.last_frame_at else 'None' }}", Text(byKey["pi_cam_frame_age"], "val_tpl"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Build_CpuTemperature_OnlyWhereTheHostReportsOne(bool reports)
    {
        Assert.Equal(reports, Components(reportsCpuTemperature: reports).ContainsKey("pi_cam_cpu_temperature"));
    }

    [Theory]
    [InlineData("Cam-2", "camera.cam_2_camera", "number.cam_2_fps")]
    [InlineData("pi_cam", "camera.pi_cam_camera", "number.pi_cam_fps")]
    [InlineData("Garden__Cam-", "camera.garden_cam_camera", "number.garden_cam_fps")]
    public void Build_IdsWithCapitalsOrHyphens_GiveTheEntityIdsHomeAssistantMakes(string cameraId, string camera, string fps)
    {
        var byKey = Components(topics: new CameraTopics("mqttcam", cameraId));

        Assert.Equal(camera, Text(byKey[$"{cameraId}_camera"], "def_ent_id"));
        Assert.Equal(fps, Text(byKey[$"{cameraId}_fps"], "def_ent_id"));
        Assert.All(byKey, c => Assert.Matches(HomeAssistantSchema.EntityId(), Text(c.Value, "def_ent_id")!));
        Assert.Equal(byKey.Count, byKey.Values.Select(c => Text(c, "def_ent_id")).Distinct().Count());
    }

    [Fact]
    public void Build_OffersTheEntitiesUsersExpect()
    {
        var root = JsonDocument.Parse(Create().Build(new CameraSettings(), "testpattern")[0].Payload).RootElement;
        var byKey = root.GetProperty("cmps").EnumerateObject().ToDictionary(c => c.Name, c => c.Value);

        Assert.Equal("mqttcam/pi_cam/image", byKey["pi_cam_camera"].GetProperty("t").GetString());
        Assert.Equal("mqttcam/pi_cam/preview", byKey["pi_cam_image"].GetProperty("img_t").GetString());
        Assert.Equal("image/jpeg", byKey["pi_cam_image"].GetProperty("cont_type").GetString());
        Assert.Equal("""{"action":"capture"}""", byKey["pi_cam_capture"].GetProperty("pl_prs").GetString());
        Assert.Equal("mqttcam/pi_cam/command", byKey["pi_cam_capture"].GetProperty("cmd_t").GetString());
        Assert.Equal("mqttcam/pi_cam/set/resolution", byKey["pi_cam_resolution"].GetProperty("cmd_t").GetString());
        Assert.Contains("1280x720", byKey["pi_cam_resolution"].GetProperty("ops").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(CameraSettingsSchema.AwbModes, byKey["pi_cam_awb"].GetProperty("ops").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal((1, 100), (byKey["pi_cam_quality"].GetProperty("min").GetInt32(), byKey["pi_cam_quality"].GetProperty("max").GetInt32()));
        Assert.Equal("mqttcam/pi_cam/set/streaming", byKey["pi_cam_streaming"].GetProperty("cmd_t").GetString());
        Assert.Equal("diagnostic", byKey["pi_cam_frame_rate"].GetProperty("ent_cat").GetString());
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
        var all = Create(perComponent: true).Build(new CameraSettings(), "testpattern");
        var messages = all.Where(m => m.Payload.Length > 0).ToArray();

        Assert.Equal(deviceBased.EnumerateObject().Count(), messages.Length);
        // Configs this announcement does not make are emptied: the exposure buttons of a source that reports exposure,
        // and the one an earlier version published for the "Frame rate" sensor under the fps key.
        Assert.Equal(
            ["homeassistant/button/pi_cam/pi_cam_lock/config", "homeassistant/button/pi_cam/pi_cam_unlock/config", "homeassistant/sensor/pi_cam/pi_cam_fps/config"],
            all.Where(m => m.Payload.Length == 0).Select(m => m.Topic).Order(StringComparer.Ordinal));
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
    public void Build_PerComponentOnAHostWithoutTemperature_EmptiesTheTemperatureSensorConfig()
    {
        var messages = Create(perComponent: true, reportsCpuTemperature: false).Build(new CameraSettings(), "rpicam", canLockExposure: true);

        Assert.Empty(Assert.Single(messages, m => m.Topic == "homeassistant/sensor/pi_cam/pi_cam_cpu_temperature/config").Payload);
        Assert.Equal(messages.Count, messages.Select(m => m.Topic).Distinct().Count());
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
