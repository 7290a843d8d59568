using System.Text.Json;
using System.Text.Json.Nodes;
using MqttCam.Contracts;
using MqttCam.Device.Configuration;
using MqttCam.Settings;
using MqttCam.Topics;

namespace MqttCam.Device.HomeAssistant;

/// <summary>
/// Builds Home Assistant MQTT discovery for one camera (facts in docs/home-assistant.md): device-based discovery on
/// <c>homeassistant/device/&lt;id&gt;/config</c> by default, or one config per entity for Home Assistant before
/// 2024.11. Ranges and options come from <see cref="CameraSettingsSchema"/>, and every command topic named here is
/// one the device subscribes to, so what Home Assistant shows is exactly what the device accepts.
/// </summary>
public sealed class HomeAssistantDiscovery
{
    /// <summary>Common sensor modes offered in the resolution select (the current one is always added).</summary>
    public static IReadOnlyList<string> Resolutions { get; } =
        ["320x240", "640x480", "800x600", "1024x768", "1280x720", "1280x960", "1640x1232", "1920x1080", "2028x1520", "2304x1296", "2592x1944", "3280x2464", "4056x3040", "4608x2592"];

    private readonly HomeAssistantOptions _options;
    private readonly CameraTopics _topics;
    private readonly string _version;

    public HomeAssistantDiscovery(HomeAssistantOptions options, CameraTopics topics, string version)
    {
        _options = options;
        _topics = topics;
        _version = version;
    }

    public string DeviceConfigTopic => $"{_options.DiscoveryPrefix}/device/{_topics.CameraId}/config";

    /// <summary>The retained messages announcing the camera, in the configured discovery style.</summary>
    /// <param name="settings">The settings in effect (the current resolution is always offered).</param>
    /// <param name="sourceKind">Shown as the device model.</param>
    /// <param name="canLockExposure">Whether the source reports exposure, so the lock/unlock buttons can work.</param>
    public IReadOnlyList<DiscoveryMessage> Build(CameraSettings settings, string sourceKind, bool canLockExposure = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var components = BuildComponents(settings, canLockExposure);
        if (!_options.PerComponentDiscovery)
        {
            var config = new JsonObject
            {
                ["dev"] = Device(sourceKind),
                ["o"] = Origin(),
                ["qos"] = 1,
                ["cmps"] = components,
            };
            return [new DiscoveryMessage(DeviceConfigTopic, Serialize(config))];
        }

        var messages = new List<DiscoveryMessage>();
        foreach (var (key, value) in components)
        {
            var component = value!.AsObject();
            var platform = component["p"]!.GetValue<string>();
            component.Remove("p");
            component["dev"] = Device(sourceKind);
            component["o"] = Origin();
            component["qos"] = 1;
            messages.Add(new DiscoveryMessage(ComponentConfigTopic(platform, key), Serialize(component)));
        }

        return messages;
    }

    /// <summary>Empty retained payloads for every config topic either style could have left behind.</summary>
    public IReadOnlyList<DiscoveryMessage> BuildRemoval(CameraSettings settings)
    {
        var messages = new List<DiscoveryMessage> { new(DeviceConfigTopic, []) };
        // Every entity any source could have announced, so a device that changed source leaves nothing behind.
        foreach (var (key, value) in BuildComponents(settings, canLockExposure: true))
        {
            messages.Add(new DiscoveryMessage(ComponentConfigTopic(value!["p"]!.GetValue<string>(), key), []));
        }

        return messages;
    }

    private string ComponentConfigTopic(string platform, string objectId) =>
        $"{_options.DiscoveryPrefix}/{platform}/{_topics.CameraId}/{objectId}/config";

    private JsonObject BuildComponents(CameraSettings settings, bool canLockExposure)
    {
        var id = _topics.CameraId;
        var components = new JsonObject
        {
            [$"{id}_camera"] = Component("camera", "camera", null, new JsonObject { ["t"] = _topics.Image }),
            [$"{id}_image"] = Component("image", "image", "Latest frame", new JsonObject { ["img_t"] = _topics.Image, ["cont_type"] = FrameUserProperties.ContentType }),
            [$"{id}_snapshot"] = Component("image", "snapshot", "Snapshot", new JsonObject { ["img_t"] = _topics.Snapshot, ["cont_type"] = FrameUserProperties.ContentType }),
            [$"{id}_capture"] = Component("button", DeviceCommands.Capture, "Capture", new JsonObject { ["cmd_t"] = _topics.Command, ["pl_prs"] = PressPayload(DeviceCommands.Capture), ["ic"] = "mdi:camera-iris" }),
            [$"{id}_restart"] = Component("button", DeviceCommands.Restart, "Restart camera", new JsonObject { ["cmd_t"] = _topics.Command, ["pl_prs"] = PressPayload(DeviceCommands.Restart), ["dev_cla"] = "restart", ["ent_cat"] = "config" }),
        };

        // Only announced where it can work: Home Assistant users should never see a button that always fails.
        if (canLockExposure)
        {
            components[$"{id}_lock"] = Component("button", DeviceCommands.Lock, "Lock exposure", new JsonObject { ["cmd_t"] = _topics.Command, ["pl_prs"] = PressPayload(DeviceCommands.Lock), ["ic"] = "mdi:lock" });
            components[$"{id}_unlock"] = Component("button", DeviceCommands.Unlock, "Unlock exposure", new JsonObject { ["cmd_t"] = _topics.Command, ["pl_prs"] = PressPayload(DeviceCommands.Unlock), ["ic"] = "mdi:lock-open-variant" });
        }

        var resolutions = Resolutions.Contains(CameraSettingsSchema.FormatResolution(settings))
            ? Resolutions
            : [.. Resolutions, CameraSettingsSchema.FormatResolution(settings)];
        components[$"{id}_resolution"] = Component("select", "resolution", "Resolution", new JsonObject
        {
            ["cmd_t"] = _topics.SetSetting(CameraSettingsSchema.ResolutionAlias),
            ["stat_t"] = _topics.State,
            ["val_tpl"] = "{{ value_json.settings.resolution }}",
            ["ops"] = new JsonArray(resolutions.Select(r => (JsonNode)r).ToArray()),
            ["ent_cat"] = "config",
        });

        foreach (var setting in Entities(HomeAssistantEntity.Select))
        {
            var name = setting.Name;
            components[$"{id}_{name}"] = Component("select", name, setting.Description, new JsonObject
            {
                ["cmd_t"] = _topics.SetSetting(name),
                ["stat_t"] = _topics.State,
                ["val_tpl"] = $"{{{{ value_json.settings.{name} }}}}",
                ["ops"] = new JsonArray(setting.Options.Select(o => (JsonNode)o).ToArray()),
                ["ent_cat"] = "config",
            });
        }

        foreach (var setting in Entities(HomeAssistantEntity.NumberSlider, HomeAssistantEntity.NumberBox))
        {
            var name = setting.Name;
            var number = new JsonObject
            {
                ["cmd_t"] = _topics.SetSetting(name),
                ["stat_t"] = _topics.State,
                ["val_tpl"] = $"{{{{ value_json.settings.{name} }}}}",
                ["min"] = setting.Minimum,
                ["max"] = setting.Maximum,
                ["step"] = setting.Step,
                ["mode"] = setting.HomeAssistant == HomeAssistantEntity.NumberSlider ? "slider" : "box",
                ["ent_cat"] = "config",
            };
            if (setting.Unit is { } unit)
            {
                number["unit_of_meas"] = unit;
            }

            components[$"{id}_{name}"] = Component("number", name, setting.Description, number);
        }

        foreach (var setting in Entities(HomeAssistantEntity.Switch))
        {
            var name = setting.Name;
            components[$"{id}_{name}"] = Component("switch", name, setting.Description, new JsonObject
            {
                ["cmd_t"] = _topics.SetSetting(name),
                ["stat_t"] = _topics.State,
                ["val_tpl"] = $"{{{{ 'ON' if value_json.settings.{name} else 'OFF' }}}}",
                ["pl_on"] = "ON",
                ["pl_off"] = "OFF",
                ["ent_cat"] = name == "streaming" ? null : "config",
            });
        }

        components[$"{id}_fps"] = Sensor("fps", "Frame rate", "{{ value_json.fps }}", unit: "fps", stateClass: "measurement");
        components[$"{id}_frame_size"] = Sensor("frame_size", "Frame size", "{{ value_json.last_frame_bytes }}", unit: "B", deviceClass: "data_size", stateClass: "measurement");
        components[$"{id}_frame_age"] = Sensor("frame_age", "Frame age", "{{ ((as_timestamp(now()) - as_timestamp(value_json.last_frame_at)) | round(1)) if value_json.last_frame_at else None }}", unit: "s", deviceClass: "duration", stateClass: "measurement");
        components[$"{id}_last_frame"] = Sensor("last_frame", "Last frame", "{{ value_json.last_frame_at }}", deviceClass: "timestamp");
        components[$"{id}_frames_dropped"] = Sensor("frames_dropped", "Frames dropped", "{{ value_json.frames_dropped }}", stateClass: "total_increasing");
        components[$"{id}_cpu_temperature"] = Sensor("cpu_temperature", "CPU temperature", "{{ value_json.cpu_temperature }}", unit: "°C", deviceClass: "temperature", stateClass: "measurement");

        components[$"{id}_problem"] = Component("binary_sensor", "problem", "Problem", new JsonObject
        {
            ["stat_t"] = _topics.State,
            ["val_tpl"] = "{{ 'ON' if value_json.last_error else 'OFF' }}",
            ["dev_cla"] = "problem",
            ["json_attr_t"] = _topics.State,
            ["json_attr_tpl"] = "{{ {'last_error': value_json.last_error, 'last_error_at': value_json.last_error_at} | tojson }}",
            ["ent_cat"] = "diagnostic",
        });

        // Connectivity reads the availability topic itself, so it must not be made unavailable by that same topic.
        components[$"{id}_connectivity"] = Component("binary_sensor", "connectivity", "Connected", new JsonObject
        {
            ["stat_t"] = _topics.Availability,
            ["pl_on"] = AvailabilityPayload.Online,
            ["pl_off"] = AvailabilityPayload.Offline,
            ["dev_cla"] = "connectivity",
            ["ent_cat"] = "diagnostic",
        }, withAvailability: false);

        return components;
    }

    private JsonObject Sensor(string key, string name, string template, string? unit = null, string? deviceClass = null, string? stateClass = null)
    {
        var sensor = new JsonObject
        {
            ["stat_t"] = _topics.State,
            ["val_tpl"] = template,
            ["ent_cat"] = "diagnostic",
        };
        if (unit is not null)
        {
            sensor["unit_of_meas"] = unit;
        }

        if (deviceClass is not null)
        {
            sensor["dev_cla"] = deviceClass;
        }

        if (stateClass is not null)
        {
            sensor["stat_cla"] = stateClass;
        }

        return Component("sensor", key, name, sensor);
    }

    private JsonObject Component(string platform, string key, string? name, JsonObject body, bool withAvailability = true)
    {
        var id = _topics.CameraId;
        var component = new JsonObject
        {
            ["p"] = platform,
            ["name"] = name,
            ["uniq_id"] = $"mqttcam_{id}_{key}",
            ["def_ent_id"] = $"{platform}.{id}_{key}",
        };
        if (withAvailability)
        {
            component["avty"] = new JsonArray(new JsonObject { ["t"] = _topics.Availability });
        }

        foreach (var (k, v) in body)
        {
            if (v is not null)
            {
                component[k] = v.DeepClone();
            }
        }

        return component;
    }

    private JsonObject Device(string sourceKind)
    {
        var device = new JsonObject
        {
            ["ids"] = new JsonArray($"mqttcam_{_topics.CameraId}"),
            ["name"] = _topics.CameraId,
            ["mf"] = "MqttCam",
            ["mdl"] = $"MqttCam camera ({sourceKind})",
            ["sw"] = _version,
        };
        if (_options.BridgeUrl is { Length: > 0 } url)
        {
            device["cu"] = url;
        }

        return device;
    }

    private JsonObject Origin() => new() { ["name"] = "MqttCam", ["sw"] = _version };

    private static byte[] Serialize(JsonObject json) => JsonSerializer.SerializeToUtf8Bytes(json, ContractJson.Default.JsonObject);

    /// <summary>What a button publishes: the bare command, e.g. <c>{"action":"capture"}</c>.</summary>
    private static string PressPayload(string action) => $$"""{"action":"{{action}}"}""";

    private static IEnumerable<SettingDescriptor> Entities(params HomeAssistantEntity[] kinds) =>
        CameraSettingsSchema.All.Where(s => kinds.Contains(s.HomeAssistant));
}
