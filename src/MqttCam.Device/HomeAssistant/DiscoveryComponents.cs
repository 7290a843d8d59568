using System.Text.Json.Nodes;
using MqttCam.Core.Settings;
using MqttCam.Core.Topics;

namespace MqttCam.Device.HomeAssistant;

/// <summary>
/// The <c>cmps</c> of one camera's discovery config, keyed <c>&lt;id&gt;_&lt;key&gt;</c>. Setting entities come from
/// <see cref="CameraSettingsSchema"/> (key = setting name), buttons from <see cref="HomeAssistantDiscovery.Buttons"/>;
/// a key used twice throws, so one entity can never silently replace another.
/// </summary>
internal sealed class DiscoveryComponents
{
    private readonly CameraTopics _topics;
    private readonly JsonObject _components = [];

    private DiscoveryComponents(CameraTopics topics) => _topics = topics;

    /// <param name="topics">The camera's topics.</param>
    /// <param name="settings">The settings in effect (the current resolution is always offered).</param>
    /// <param name="canLockExposure">Whether the exposure buttons can work on this source.</param>
    /// <param name="reportsCpuTemperature">Whether the host reports a CPU temperature (else no sensor that stays unknown).</param>
    public static JsonObject Build(CameraTopics topics, CameraSettings settings, bool canLockExposure, bool reportsCpuTemperature)
    {
        var builder = new DiscoveryComponents(topics);
        builder.AddPictures();
        builder.AddButtons(canLockExposure);
        builder.AddSettings(settings);
        builder.AddSensors(reportsCpuTemperature);
        builder.AddMotion();
        builder.AddHealth();
        return builder._components;
    }

    private void AddPictures()
    {
        // The camera entity streams the full-rate image topic; the image entity shows the small preview, which changes
        // only at idle frames and motion, so it does not write a recorder row per frame.
        Add("camera", "camera", null, new JsonObject { ["t"] = _topics.Image });
        Add("image", "image", "Preview", new JsonObject { ["img_t"] = _topics.Preview, ["cont_type"] = FrameUserProperties.ContentType });
        Add("snapshot", "image", "Snapshot", new JsonObject { ["img_t"] = _topics.Snapshot, ["cont_type"] = FrameUserProperties.ContentType });
    }

    private void AddButtons(bool canLockExposure)
    {
        // Only announced where they can work: Home Assistant users should never see a button that always fails.
        foreach (var button in HomeAssistantDiscovery.Buttons.Where(b => canLockExposure || !b.NeedsExposure))
        {
            Add(button.Action, "button", button.Label, new JsonObject
            {
                ["cmd_t"] = _topics.Command,
                ["pl_prs"] = $$"""{"action":"{{button.Action}}"}""",
                ["ic"] = button.Icon,
                ["dev_cla"] = button.DeviceClass,
                ["ent_cat"] = button.DeviceClass == "restart" ? "config" : null,
            });
        }
    }

    private void AddSettings(CameraSettings settings)
    {
        var current = CameraSettingsSchema.FormatResolution(settings);
        var resolutions = HomeAssistantDiscovery.Resolutions.Contains(current) ? HomeAssistantDiscovery.Resolutions : [.. HomeAssistantDiscovery.Resolutions, current];
        Add(CameraSettingsSchema.ResolutionAlias, "select", "Resolution", SettingBody(CameraSettingsSchema.ResolutionAlias, resolutions));

        foreach (var setting in CameraSettingsSchema.All)
        {
            switch (setting.HomeAssistant)
            {
                case HomeAssistantEntity.Select:
                    Add(setting.Name, "select", setting.Label, SettingBody(setting.Name, setting.Options));
                    break;
                case HomeAssistantEntity.NumberSlider or HomeAssistantEntity.NumberBox:
                    var number = SettingBody(setting.Name, null);
                    number["min"] = setting.Minimum;
                    number["max"] = setting.Maximum;
                    number["step"] = setting.Step;
                    number["mode"] = setting.HomeAssistant == HomeAssistantEntity.NumberSlider ? "slider" : "box";
                    number["unit_of_meas"] = setting.Unit;
                    Add(setting.Name, "number", setting.Label, number);
                    break;
                case HomeAssistantEntity.Switch:
                    var toggle = SettingBody(setting.Name, null);
                    toggle["val_tpl"] = $"{{{{ 'ON' if value_json.settings.{setting.Name} else 'OFF' }}}}";
                    toggle["pl_on"] = "ON";
                    toggle["pl_off"] = "OFF";
                    Add(setting.Name, "switch", setting.Label, toggle);
                    break;
            }
        }
    }

    /// <summary>A setting entity: plain values on <c>set/&lt;name&gt;</c>, state read from the state topic.</summary>
    private JsonObject SettingBody(string name, IReadOnlyList<string>? options) => new()
    {
        ["cmd_t"] = _topics.SetSetting(name),
        ["stat_t"] = _topics.State,
        ["val_tpl"] = $"{{{{ value_json.settings.{name} }}}}",
        ["ops"] = options is null ? null : new JsonArray([.. options.Select(o => (JsonNode)o)]),
        // Streaming is what a dashboard turns on and off; the rest is configuration.
        ["ent_cat"] = name == "streaming" ? null : "config",
    };

    private void AddSensors(bool reportsCpuTemperature)
    {
        // Rounded to whole frames from 5 fps: a measured 9.8 ↔ 10.0 would otherwise write a recorder row every refresh.
        Sensor("frame_rate", "Measured frame rate", "{{ value_json.fps | round(0 if value_json.fps >= 5 else 1) }}", unit: "fps", stateClass: "measurement");
        Sensor("frame_size", "Frame size", "{{ value_json.last_frame_bytes }}", unit: "B", deviceClass: "data_size", stateClass: "measurement");
        // 'None' is Home Assistant's "no value" payload (PAYLOAD_NONE): unknown until the first frame, without a warning.
        Sensor("frame_age", "Frame age", "{{ ((as_timestamp(now()) - as_timestamp(value_json.last_frame_at)) | round(1)) if value_json.last_frame_at else 'None' }}", unit: "s", deviceClass: "duration", stateClass: "measurement");
        Sensor("last_frame", "Last frame", "{{ value_json.last_frame_at if value_json.last_frame_at else 'None' }}", deviceClass: "timestamp");
        Sensor("frames_dropped", "Frames dropped", "{{ value_json.frames_dropped }}", stateClass: "total_increasing");
        if (reportsCpuTemperature)
        {
            Sensor("cpu_temperature", "CPU temperature", "{{ value_json.cpu_temperature }}", unit: "°C", deviceClass: "temperature", stateClass: "measurement");
        }
    }

    private void AddMotion()
    {
        Add("motion_detected", "binary_sensor", "Motion", new JsonObject
        {
            ["stat_t"] = _topics.Motion,
            ["pl_on"] = "ON",
            ["pl_off"] = "OFF",
            ["dev_cla"] = "motion",
        });
        // Event entities ignore retained messages, and the event topic is not retained: each start/end fires once.
        Add("motion_event", "event", "Motion event", new JsonObject
        {
            ["stat_t"] = _topics.Event,
            ["evt_typ"] = new JsonArray("motion_start", "motion_end"),
            ["val_tpl"] = "{{ {'event_type': 'motion_' ~ value_json.state, 'score': value_json.score, 'area': value_json.area, 'sequence': value_json.sequence, 'at': value_json.at} | tojson }}",
            ["dev_cla"] = "motion",
        });
    }

    private void AddHealth()
    {
        Add("problem", "binary_sensor", "Problem", new JsonObject
        {
            ["stat_t"] = _topics.State,
            ["val_tpl"] = "{{ 'ON' if value_json.last_error else 'OFF' }}",
            ["dev_cla"] = "problem",
            ["json_attr_t"] = _topics.State,
            ["json_attr_tpl"] = "{{ {'last_error': value_json.last_error, 'last_error_at': value_json.last_error_at} | tojson }}",
            ["ent_cat"] = "diagnostic",
        });

        // Connectivity reads the availability topic itself, so it must not be made unavailable by that same topic.
        Add("connectivity", "binary_sensor", "Connected", new JsonObject
        {
            ["stat_t"] = _topics.Availability,
            ["pl_on"] = AvailabilityPayload.Online,
            ["pl_off"] = AvailabilityPayload.Offline,
            ["dev_cla"] = "connectivity",
            ["ent_cat"] = "diagnostic",
        }, withAvailability: false);
    }

    private void Sensor(string key, string name, string template, string? unit = null, string? deviceClass = null, string? stateClass = null) =>
        Add(key, "sensor", name, new JsonObject
        {
            ["stat_t"] = _topics.State,
            ["val_tpl"] = template,
            ["unit_of_meas"] = unit,
            ["dev_cla"] = deviceClass,
            ["stat_cla"] = stateClass,
            ["ent_cat"] = "diagnostic",
        });

    private void Add(string key, string platform, string? name, JsonObject body, bool withAvailability = true)
    {
        var id = _topics.CameraId;
        var component = new JsonObject
        {
            ["p"] = platform,
            ["name"] = name,
            ["uniq_id"] = $"mqttcam_{id}_{key}",
            ["def_ent_id"] = EntityIds.For(platform, id, key),
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

        var componentKey = $"{id}_{key}";
        if (!_components.TryAdd(componentKey, component))
        {
            throw new InvalidOperationException($"Two Home Assistant entities share the component key {componentKey}.");
        }
    }
}
