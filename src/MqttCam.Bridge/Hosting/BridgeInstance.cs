using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using MqttCam.Cameras;
using MqttCam.Mqtt.Configuration;

namespace MqttCam.Bridge.Hosting;

/// <summary>
/// Identity of this bridge process: a random tag used in ETags and in the topics command replies come back on.
/// Replies are asked for under the camera's own tree, <c>&lt;prefix&gt;/&lt;id&gt;/response/&lt;user&gt;/&lt;tag&gt;</c>, because a
/// locked-down broker lets a camera write only there and lets only the named user read it (mosquitto/production/acl).
/// </summary>
public sealed class BridgeInstance(IOptions<MqttOptions> mqttOptions)
{
    public string Tag { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public string Prefix { get; } = mqttOptions.Value.TopicPrefix;

    /// <summary>The broker user this bridge connects as (or "bridge"), as it appears in reply topics.</summary>
    public string User { get; } = CameraId.Sanitize(string.IsNullOrEmpty(mqttOptions.Value.Username) ? "bridge" : mqttOptions.Value.Username);

    /// <summary>The one subscription that receives every reply addressed to this bridge.</summary>
    public string ReplySubscription => $"{Prefix}/+/response/{User}/{Tag}";

    /// <summary>MQTT 5 response topic for a command sent to <paramref name="cameraId"/>.</summary>
    public string ReplyTopicFor(string cameraId) => $"{Prefix}/{cameraId}/response/{User}/{Tag}";
}
