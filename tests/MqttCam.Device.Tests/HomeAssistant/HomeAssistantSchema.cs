using System.Text.Json;
using System.Text.RegularExpressions;

namespace MqttCam.Device.Tests.HomeAssistant;

/// <summary>
/// What Home Assistant's MQTT discovery accepts, transcribed from its schemas (see docs/home-assistant.md): the topic
/// matcher, required keys per platform, and the abbreviations it expands. Unknown keys are silently dropped by Home
/// Assistant, so a key missing from these lists would be a feature that quietly does not exist.
/// </summary>
internal static partial class HomeAssistantSchema
{
    public static readonly HashSet<string> CommonKeys =
    [
        "p", "name", "uniq_id", "def_ent_id", "avty", "avty_mode", "avty_tpl", "avty_t", "pl_avail", "pl_not_avail",
        "dev", "o", "en", "ent_cat", "ic", "ent_pic", "json_attr_t", "json_attr_tpl", "qos", "e",
    ];

    public static readonly Dictionary<string, HashSet<string>> PlatformKeys = new()
    {
        ["camera"] = ["t", "img_e"],
        ["image"] = ["img_t", "url_t", "url_tpl", "cont_type", "img_e"],
        ["button"] = ["cmd_t", "cmd_tpl", "pl_prs", "ret", "dev_cla"],
        ["select"] = ["cmd_t", "cmd_tpl", "stat_t", "val_tpl", "ops", "opt", "ret"],
        ["number"] = ["cmd_t", "cmd_tpl", "stat_t", "val_tpl", "min", "max", "step", "mode", "unit_of_meas", "dev_cla", "opt", "ret", "pl_rst"],
        ["switch"] = ["cmd_t", "cmd_tpl", "stat_t", "val_tpl", "pl_on", "pl_off", "stat_on", "stat_off", "opt", "ret", "dev_cla"],
        ["sensor"] = ["stat_t", "val_tpl", "unit_of_meas", "dev_cla", "stat_cla", "exp_aft", "frc_upd", "sug_dsp_prc"],
        ["binary_sensor"] = ["stat_t", "val_tpl", "pl_on", "pl_off", "dev_cla", "exp_aft", "frc_upd", "off_dly"],
        ["event"] = ["stat_t", "val_tpl", "evt_typ", "dev_cla"],
    };

    public static readonly Dictionary<string, string[]> RequiredKeys = new()
    {
        ["camera"] = ["t"],
        ["image"] = [],
        ["button"] = ["cmd_t"],
        ["select"] = ["cmd_t", "ops"],
        ["number"] = ["cmd_t"],
        ["switch"] = ["cmd_t"],
        ["sensor"] = ["stat_t"],
        ["binary_sensor"] = ["stat_t"],
        ["event"] = ["stat_t", "evt_typ"],
    };

    public static readonly HashSet<string> DeviceKeys = ["ids", "cns", "name", "mf", "mdl", "mdl_id", "hw", "sw", "sn", "sa", "via_device", "cu"];

    public static readonly HashSet<string> OriginKeys = ["name", "sw", "url"];

    public static readonly HashSet<string> SensorDeviceClasses = ["data_size", "duration", "temperature", "timestamp"];

    public static readonly Dictionary<string, HashSet<string>> DeviceClasses = new()
    {
        ["binary_sensor"] = ["connectivity", "motion", "problem"],
        ["event"] = ["button", "doorbell", "motion"],
        ["button"] = ["identify", "restart", "update"],
    };

    public static readonly HashSet<string> StateClasses = ["measurement", "total", "total_increasing"];

    /// <summary>Home Assistant's TOPIC_MATCHER, applied after the discovery prefix.</summary>
    [GeneratedRegex(@"^(?<component>\w+)/(?:(?<node_id>[a-zA-Z0-9_-]+)/)?(?<object_id>[a-zA-Z0-9_-]+)/config$")]
    public static partial Regex TopicMatcher();

    [GeneratedRegex(@"^[a-z_]+\.[a-z0-9_]+$")]
    public static partial Regex EntityId();

    public static IEnumerable<string> ValidateComponent(string key, JsonElement component, string platform)
    {
        if (!PlatformKeys.TryGetValue(platform, out var keys))
        {
            yield return $"{key}: unknown platform {platform}";
            yield break;
        }

        foreach (var property in component.EnumerateObject())
        {
            if (!CommonKeys.Contains(property.Name) && !keys.Contains(property.Name))
            {
                yield return $"{key}: key {property.Name} is not accepted by the {platform} platform";
            }
        }

        foreach (var required in RequiredKeys[platform])
        {
            if (!component.TryGetProperty(required, out _))
            {
                yield return $"{key}: missing required {required}";
            }
        }

        if (platform == "image" && component.TryGetProperty("img_t", out _) == component.TryGetProperty("url_t", out _))
        {
            yield return $"{key}: image needs exactly one of img_t and url_t";
        }

        if (component.TryGetProperty("cont_type", out var contentType) && !contentType.GetString()!.StartsWith("image/", StringComparison.Ordinal))
        {
            yield return $"{key}: cont_type must be image/*";
        }

        if (platform is "sensor" or "binary_sensor" && component.TryGetProperty("ent_cat", out var category) && category.GetString() == "config")
        {
            yield return $"{key}: {platform} refuses entity_category config";
        }

        if (component.TryGetProperty("ent_cat", out var anyCategory) && anyCategory.GetString() is not ("config" or "diagnostic"))
        {
            yield return $"{key}: ent_cat must be config or diagnostic";
        }

        if (platform == "number")
        {
            var min = component.TryGetProperty("min", out var mn) ? mn.GetDouble() : 0;
            var max = component.TryGetProperty("max", out var mx) ? mx.GetDouble() : 100;
            var step = component.TryGetProperty("step", out var st) ? st.GetDouble() : 1;
            if (min > max || step < 0.001)
            {
                yield return $"{key}: min {min} max {max} step {step} rejected by Home Assistant";
            }

            if (component.TryGetProperty("mode", out var mode) && mode.GetString() is not ("auto" or "box" or "slider"))
            {
                yield return $"{key}: mode must be auto, box or slider";
            }
        }

        if (platform == "sensor")
        {
            if (component.TryGetProperty("dev_cla", out var deviceClass) && !SensorDeviceClasses.Contains(deviceClass.GetString()!))
            {
                yield return $"{key}: unexpected sensor device class {deviceClass}";
            }

            if (component.TryGetProperty("stat_cla", out var stateClass) && !StateClasses.Contains(stateClass.GetString()!))
            {
                yield return $"{key}: bad state class {stateClass}";
            }
        }

        if (DeviceClasses.TryGetValue(platform, out var classes) && component.TryGetProperty("dev_cla", out var platformClass) && !classes.Contains(platformClass.GetString()!))
        {
            yield return $"{key}: {platform} has no device class {platformClass}";
        }

        if (platform == "event" && (!component.TryGetProperty("evt_typ", out var types) || types.ValueKind != JsonValueKind.Array || types.GetArrayLength() == 0))
        {
            yield return $"{key}: event needs a non-empty evt_typ list";
        }

        if (!component.TryGetProperty("uniq_id", out _))
        {
            yield return $"{key}: missing uniq_id";
        }

        if (component.TryGetProperty("obj_id", out _))
        {
            yield return $"{key}: uses deprecated obj_id";
        }

        if (!component.TryGetProperty("def_ent_id", out var entityId) || !EntityId().IsMatch(entityId.GetString()!) || !entityId.GetString()!.StartsWith(platform + ".", StringComparison.Ordinal))
        {
            yield return $"{key}: def_ent_id must be '{platform}.<object id>'";
        }
    }
}
