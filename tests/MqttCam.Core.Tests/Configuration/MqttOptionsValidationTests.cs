using MqttCam.Mqtt.Configuration;
using MqttCam.Core.Topics;

namespace MqttCam.Core.Tests.Configuration;

public sealed class MqttOptionsValidationTests
{
    [Fact]
    public void Validate_Defaults_AreValid()
    {
        Assert.Empty(MqttOptionsValidation.Validate(new MqttOptions(), TopicPrefix.IsValid));
    }

    [Fact]
    public void Defaults_TopicPrefix_IsCoresDefault()
    {
        Assert.Equal(TopicPrefix.Default, new MqttOptions().TopicPrefix);
    }

    [Fact]
    public void Validate_EveryBadKey_GetsItsOwnMessage()
    {
        var options = new MqttOptions
        {
            Host = " ",
            Port = 70000,
            TopicPrefix = "cams/#",
            KeepAliveSeconds = 1,
            ProtocolVersion = "4",
            Password = "secret",
            Tls = new MqttTlsSettings { Enabled = true, CertFile = "/nonexistent/cert.pem" },
        };

        var errors = MqttOptionsValidation.Validate(options, TopicPrefix.IsValid);

        Assert.Equal(
            [
                "Mqtt:Host: must name the broker host (e.g. localhost)",
                "Mqtt:Port: must be from 1 to 65535 (got 70000)",
                "Mqtt:TopicPrefix: must be non-empty, without leading/trailing '/', '+' or '#' (got 'cams/#')",
                "Mqtt:KeepAliveSeconds: must be from 5 to 65535 (got 1)",
                "Mqtt:ProtocolVersion: must be \"5\" or \"3.1.1\" (got '4')",
                "Mqtt:Password: is set but Mqtt:Username is not",
                "Mqtt:Tls:CertFile: file not found: /nonexistent/cert.pem",
                "Mqtt:Tls:CertFile and Mqtt:Tls:KeyFile: a client certificate needs both",
                "Mqtt:Tls:Enabled: TLS needs Mqtt:Tls:CaFile or Mqtt:Tls:CaPath",
            ],
            errors);
    }
}
