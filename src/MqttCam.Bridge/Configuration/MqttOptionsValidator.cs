using Microsoft.Extensions.Options;
using MqttCam.Mqtt.Configuration;
using MqttCam.Topics;

namespace MqttCam.Bridge.Configuration;

/// <summary>Reuses the shared <see cref="MqttOptionsValidation"/> rules so the device and the bridge report the same messages.</summary>
internal sealed class MqttOptionsValidator : IValidateOptions<MqttOptions>
{
    public ValidateOptionsResult Validate(string? name, MqttOptions options)
    {
        var errors = MqttOptionsValidation.Validate(options, TopicPrefix.IsValid);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
