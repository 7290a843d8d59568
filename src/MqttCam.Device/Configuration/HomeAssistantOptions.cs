using MqttCam.Core.Topics;

namespace MqttCam.Device.Configuration;

/// <summary>The <c>HomeAssistant</c> section: MQTT discovery so the camera appears in Home Assistant with no YAML.</summary>
public sealed class HomeAssistantOptions
{
    public const string SectionName = "HomeAssistant";

    public bool Discovery { get; set; } = true;

    public string DiscoveryPrefix { get; set; } = "homeassistant";

    /// <summary>Home Assistant's birth/will topic; <c>online</c> there triggers a re-announcement.</summary>
    public string StatusTopic { get; set; } = "homeassistant/status";

    /// <summary>
    /// Publish one config topic per entity (<c>homeassistant/&lt;component&gt;/&lt;id&gt;/&lt;object&gt;/config</c>)
    /// instead of device-based discovery, for Home Assistant versions before 2024.11.
    /// </summary>
    public bool PerComponentDiscovery { get; set; }

    /// <summary>The bridge's URL, shown in Home Assistant as the device's configuration link.</summary>
    public string? BridgeUrl { get; set; }

    /// <summary>Upper bound of the random delay before re-announcing after Home Assistant restarts (spreads broker load).</summary>
    public double RediscoveryMaxDelaySeconds { get; set; } = 5;

    public IEnumerable<string> Validate()
    {
        if (!TopicPrefix.IsValid(DiscoveryPrefix))
        {
            yield return $"HomeAssistant:DiscoveryPrefix: must be non-empty, without leading/trailing '/', '+' or '#' (got '{DiscoveryPrefix}')";
        }

        if (string.IsNullOrWhiteSpace(StatusTopic) || StatusTopic.IndexOfAny(['+', '#']) >= 0)
        {
            yield return $"HomeAssistant:StatusTopic: must be a topic without wildcards (got '{StatusTopic}')";
        }

        if (BridgeUrl is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return $"HomeAssistant:BridgeUrl: must be an absolute http(s) URL (got '{url}')";
        }

        if (RediscoveryMaxDelaySeconds is < 0 or > 600)
        {
            yield return $"HomeAssistant:RediscoveryMaxDelaySeconds: must be from 0 to 600 (got {RediscoveryMaxDelaySeconds})";
        }
    }
}
