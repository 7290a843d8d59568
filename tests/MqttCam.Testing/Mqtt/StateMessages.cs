using System.Text.Json;
using MqttCam.Mqtt;

namespace MqttCam.Testing.Mqtt;

/// <summary>Reading a device's retained <c>state</c> JSON in tests.</summary>
public static class StateMessages
{
    public static JsonElement Parse(MqttMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var document = JsonDocument.Parse(message.Payload);
        return document.RootElement.Clone();
    }

    /// <summary>The state says this live/idle and this many watchers (issue 12's demand fields).</summary>
    public static bool HasDemand(MqttMessage message, bool live, int watchers)
    {
        var state = Parse(message);
        return state.GetProperty("live").GetBoolean() == live && state.GetProperty("watchers").GetInt32() == watchers;
    }
}
