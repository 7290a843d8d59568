using Microsoft.Extensions.Options;

namespace MqttCam.Bridge.Configuration;

/// <summary>Runs at start-up (ValidateOnStart) so a bad configuration stops the bridge with every problem listed.</summary>
internal sealed class BridgeOptionsValidator : IValidateOptions<BridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, BridgeOptions options)
    {
        var errors = BridgeOptionsValidation.Validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
