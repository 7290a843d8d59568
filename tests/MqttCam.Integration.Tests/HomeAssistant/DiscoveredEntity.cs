using System.Text.Json;

namespace MqttCam.Integration.Tests.HomeAssistant;

/// <summary>One entity as Home Assistant would see it after reading the device's retained discovery config.</summary>
public sealed record DiscoveredEntity(string ObjectId, string Platform, JsonElement Config)
{
    public string? CommandTopic => Text("cmd_t");

    public string? StateTopic => Text("stat_t");

    public string? ValueTemplate => Text("val_tpl");

    public string? Text(string key) => Config.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public double Number(string key) => Config.GetProperty(key).GetDouble();

    /// <summary>Entities of a device-based config (<c>cmps</c>, platform in <c>p</c>).</summary>
    public static IReadOnlyList<DiscoveredEntity> FromDeviceConfig(JsonElement config) =>
        config.GetProperty("cmps").EnumerateObject()
            .Select(c => new DiscoveredEntity(c.Name, c.Value.GetProperty("p").GetString()!, c.Value))
            .ToArray();
}
