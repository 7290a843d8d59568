using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using MqttCam.Files;

namespace MqttCam.Device.Commands;

/// <summary>Arguments of <c>{"action": "record", "seconds": 7, "name": "clip-{timestamp}.mp4"}</c>.</summary>
public sealed record RecordRequest(double Seconds, FileNamePattern Name)
{
    public const double MinSeconds = 1;
    public const double MaxSeconds = 3600;
    public const double DefaultSeconds = 10;
    public const string DefaultName = "clip-{timestamp:yyyy-MM-dd-HH-mm-ss}.mp4";

    public static bool TryParse(JsonElement arguments, [NotNullWhen(true)] out RecordRequest? request, out string error)
    {
        request = null;
        var seconds = DefaultSeconds;
        if (arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty("seconds", out var value))
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out seconds) || seconds is < MinSeconds or > MaxSeconds)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"seconds: must be a number from {MinSeconds} to {MaxSeconds}");
                return false;
            }
        }

        if (!CommandArguments.TryFileName(arguments, DefaultName, "a file name pattern string, e.g. \"clip-{timestamp}.mp4\"", ".mp4", out var pattern, out error))
        {
            return false;
        }

        request = new RecordRequest(seconds, pattern);
        return true;
    }
}
