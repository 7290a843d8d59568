using System.Globalization;

namespace MqttCam.Core.Configuration;

/// <summary>
/// The range rule every MqttCam program applies to a numeric configuration key, in one wording
/// (<c>Bridge:MaxCameras: must be from 1 to 100000 (got 0)</c>), so the device and the bridge report alike.
/// </summary>
public static class ConfigurationRange
{
    /// <param name="errors">Collects one message per bad key, so start-up can list them all.</param>
    /// <param name="key">The key as written in configuration, e.g. <c>Device:StateIntervalSeconds</c>.</param>
    /// <param name="value">The bound value.</param>
    /// <param name="minimum">The smallest allowed value.</param>
    /// <param name="maximum">The largest allowed value.</param>
    /// <param name="unit">Said after the maximum, e.g. <c>" seconds"</c>.</param>
    public static void Check(List<string> errors, string key, long value, long minimum, long maximum, string unit = "")
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value < minimum || value > maximum)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: must be from {minimum} to {maximum}{unit} (got {value})"));
        }
    }

    /// <inheritdoc cref="Check(List{string}, string, long, long, long, string)"/>
    public static void Check(List<string> errors, string key, double value, double minimum, double maximum, string unit = "")
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!double.IsFinite(value) || value < minimum || value > maximum)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: must be from {minimum} to {maximum}{unit} (got {value})"));
        }
    }
}
