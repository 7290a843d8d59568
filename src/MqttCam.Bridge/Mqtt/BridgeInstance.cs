using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using MqttCam.Configuration;

namespace MqttCam.Bridge.Mqtt;

/// <summary>Identity of this bridge process: a random tag used in ETags and in the topic command replies come back on.</summary>
public sealed class BridgeInstance
{
    public BridgeInstance(IOptions<MqttOptions> mqttOptions)
    {
        Tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        Prefix = mqttOptions.Value.TopicPrefix;
        ReplyTopic = $"{Prefix}/_bridge/{Tag}/reply";
    }

    public string Tag { get; }

    public string Prefix { get; }

    /// <summary>MQTT 5 response topic of every command this bridge sends; a leaf no camera topic uses.</summary>
    public string ReplyTopic { get; }
}
