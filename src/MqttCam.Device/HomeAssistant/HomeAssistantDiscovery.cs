using System.Text.Json;
using System.Text.Json.Nodes;
using MqttCam.Core.Contracts;
using MqttCam.Device.Configuration;
using MqttCam.Device.Platform;
using MqttCam.Core.Settings;
using MqttCam.Core.Topics;

namespace MqttCam.Device.HomeAssistant;

/// <summary>
/// Builds Home Assistant MQTT discovery for one camera (facts in docs/home-assistant.md): device-based discovery on
/// <c>homeassistant/device/&lt;id&gt;/config</c> by default, or one config per entity for Home Assistant before
/// 2024.11. Ranges and options come from <see cref="CameraSettingsSchema"/>, and every command topic named here is
/// one the device subscribes to, so what Home Assistant shows is exactly what the device accepts.
/// </summary>
public sealed class HomeAssistantDiscovery
{
    /// <summary>Where users find help for the integration (the origin's <c>support_url</c>).</summary>
    public const string SupportUrl = "https://github.com/mqttcam/mqttcam";

    /// <summary>Common sensor modes offered in the resolution select (the current one is always added).</summary>
    public static IReadOnlyList<string> Resolutions { get; } =
        ["320x240", "640x480", "800x600", "1024x768", "1280x720", "1280x960", "1640x1232", "1920x1080", "2028x1520", "2304x1296", "2592x1944", "3280x2464", "4056x3040", "4608x2592"];

    /// <summary>The commands offered as buttons, in the order Home Assistant lists them.</summary>
    public static IReadOnlyList<HomeAssistantButton> Buttons { get; } =
    [
        new(DeviceCommands.Capture.Name, "Capture", Icon: "mdi:camera-iris"),
        new(DeviceCommands.Restart.Name, "Restart camera", DeviceClass: "restart"),
        new(DeviceCommands.Lock.Name, "Lock exposure", Icon: "mdi:lock", NeedsExposure: true),
        new(DeviceCommands.Unlock.Name, "Unlock exposure", Icon: "mdi:lock-open-variant", NeedsExposure: true),
    ];

    /// <summary>
    /// Per-component configs earlier versions published that no longer exist (the "Frame rate" sensor used the fps
    /// number's key): emptied on every announcement so an upgraded device leaves no stale entity behind.
    /// </summary>
    private static readonly (string Platform, string Key)[] s_retired = [("sensor", "fps")];

    private readonly HomeAssistantOptions _options;
    private readonly CameraTopics _topics;
    private readonly string _version;
    private readonly bool _reportsCpuTemperature;

    /// <param name="options">The <c>HomeAssistant</c> section.</param>
    /// <param name="topics">The camera's topics.</param>
    /// <param name="version">The device's version, shown in Home Assistant.</param>
    /// <param name="reportsCpuTemperature">Whether to announce the CPU temperature sensor; null asks the host now.</param>
    public HomeAssistantDiscovery(HomeAssistantOptions options, CameraTopics topics, string version, bool? reportsCpuTemperature = null)
    {
        _options = options;
        _topics = topics;
        _version = version;
        _reportsCpuTemperature = reportsCpuTemperature ?? new SystemHealth().ReadCpuTemperature() is not null;
    }

    public string DeviceConfigTopic => $"{_options.DiscoveryPrefix}/device/{_topics.CameraId}/config";

    /// <summary>The retained messages announcing the camera, in the configured discovery style.</summary>
    /// <param name="settings">The settings in effect (the current resolution is always offered).</param>
    /// <param name="sourceKind">Shown as the device model.</param>
    /// <param name="canLockExposure">Whether the source reports exposure, so the lock/unlock buttons can work.</param>
    public IReadOnlyList<DiscoveryMessage> Build(CameraSettings settings, string sourceKind, bool canLockExposure = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var components = DiscoveryComponents.Build(_topics, settings, canLockExposure, _reportsCpuTemperature);
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

        // A config left retained by an earlier announcement (another source's lock buttons, a retired entity) would
        // keep a dead entity in Home Assistant: empty every one this announcement does not make.
        var announced = messages.Select(m => m.Topic).ToHashSet(StringComparer.Ordinal);
        messages.AddRange(BuildRemoval(settings).Skip(1).Where(m => !announced.Contains(m.Topic)));
        return messages;
    }

    /// <summary>Empty retained payloads for every config topic either style could have left behind.</summary>
    public IReadOnlyList<DiscoveryMessage> BuildRemoval(CameraSettings settings)
    {
        var messages = new List<DiscoveryMessage> { new(DeviceConfigTopic, []) };
        // Every entity any source or host could have announced, so a device that changed source leaves nothing behind.
        foreach (var (key, value) in DiscoveryComponents.Build(_topics, settings, canLockExposure: true, reportsCpuTemperature: true))
        {
            messages.Add(new DiscoveryMessage(ComponentConfigTopic(value!["p"]!.GetValue<string>(), key), []));
        }

        messages.AddRange(RetiredConfigs());
        return messages;
    }

    private IEnumerable<DiscoveryMessage> RetiredConfigs() =>
        s_retired.Select(r => new DiscoveryMessage(ComponentConfigTopic(r.Platform, $"{_topics.CameraId}_{r.Key}"), []));

    private string ComponentConfigTopic(string platform, string objectId) =>
        $"{_options.DiscoveryPrefix}/{platform}/{_topics.CameraId}/{objectId}/config";

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

    private JsonObject Origin() => new() { ["name"] = "MqttCam", ["sw"] = _version, ["url"] = SupportUrl };

    private static byte[] Serialize(JsonObject json) => JsonSerializer.SerializeToUtf8Bytes(json, ContractJson.Default.JsonObject);
}
