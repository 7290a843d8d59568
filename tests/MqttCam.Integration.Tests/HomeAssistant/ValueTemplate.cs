using System.Text.Json;
using System.Text.RegularExpressions;

namespace MqttCam.Integration.Tests.HomeAssistant;

/// <summary>
/// Evaluates the two Jinja shapes the device uses in <c>val_tpl</c> of command entities, the way Home Assistant would:
/// <c>{{ value_json.settings.X }}</c> and <c>{{ 'ON' if value_json.settings.X else 'OFF' }}</c>. Any other shape on a
/// command entity fails the test, so a new template cannot slip in unchecked.
/// </summary>
public static partial class ValueTemplate
{
    public static string Evaluate(string template, JsonElement state)
    {
        if (PlainSetting().Match(template) is { Success: true } plain)
        {
            var value = state.GetProperty("settings").GetProperty(plain.Groups[1].Value);
            return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        }

        if (SwitchSetting().Match(template) is { Success: true } toggle)
        {
            // Jinja truthiness: false, 0, null and "" are false.
            var value = state.GetProperty("settings").GetProperty(toggle.Groups[1].Value);
            var truthy = value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.Number => value.GetDouble() != 0,
                JsonValueKind.String => value.GetString()!.Length > 0,
                _ => false,
            };
            return truthy ? "ON" : "OFF";
        }

        throw new InvalidOperationException($"value template '{template}' has a shape this test cannot evaluate; extend ValueTemplate.");
    }

    [GeneratedRegex(@"^\{\{ value_json\.settings\.(\w+) \}\}$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainSetting();

    [GeneratedRegex(@"^\{\{ 'ON' if value_json\.settings\.(\w+) else 'OFF' \}\}$", RegexOptions.CultureInvariant)]
    private static partial Regex SwitchSetting();
}
