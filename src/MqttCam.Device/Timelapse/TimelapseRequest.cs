using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using MqttCam.Device.Commands;
using MqttCam.Core.Files;

namespace MqttCam.Device.Timelapse;

/// <summary>
/// Arguments of the timelapse start command (<see cref="Core.Contracts.DeviceCommands.TimelapseStart"/>): <c>{"interval_seconds": 30 | "every": "minute" | "at": ["08:00", "12:00"],
/// "name": "tl-{counter:00000}.jpg", "max_files": 1000, "max_bytes": 500000000, "max_age_hours": 48}</c>.
/// </summary>
public sealed record TimelapseRequest(TimelapseSchedule Schedule, FileNamePattern Name, TimelapseRetention Retention)
{
    private static readonly string[] s_scheduleKeys = ["interval_seconds", "every", "at"];
    private static readonly string[] s_timeFormats = [@"h\:mm", @"hh\:mm", @"hh\:mm\:ss"];

    /// <summary>Stands for the capture folder when a name is checked before the folder is known.</summary>
    private const string SampleRoot = "/capture-folder";

    public const string DefaultName = "{id}/{timestamp:yyyy-MM-dd-HH-mm-ss}-{counter:00000}.jpg";

    public static bool TryParse(JsonElement arguments, [NotNullWhen(true)] out TimelapseRequest? request, out string error)
    {
        request = null;
        if (!TryParseSchedule(arguments, out var schedule, out error))
        {
            return false;
        }

        if (!CommandArguments.TryFileName(arguments, DefaultName, "a file name pattern such as \"tl-{counter:00000}.jpg\"", extension: null, out var pattern, out error))
        {
            return false;
        }

        // Every slot's name must land inside the capture folder; refuse now rather than fail every slot later.
        string sample = pattern.Format(new FileNameValues(1, DateTimeOffset.UnixEpoch, 1, "camera"));
        if (!ContainedPath.TryResolve(SampleRoot, sample, out _, out var pathError))
        {
            error = $"name: {pathError.Replace(SampleRoot, "the capture folder", StringComparison.Ordinal)}";
            return false;
        }

        if (!CommandArguments.TryNumber(arguments, "max_files", 1, 10_000_000, out var maxFiles, out error)
            || !CommandArguments.TryNumber(arguments, "max_bytes", 1, long.MaxValue, out var maxBytes, out error)
            || !CommandArguments.TryNumber(arguments, "max_age_hours", 0.001, 24 * 3650, out var maxAgeHours, out error))
        {
            return false;
        }

        request = new TimelapseRequest(schedule!, pattern, new TimelapseRetention(
            maxFiles is null ? null : (int)maxFiles,
            maxBytes is null ? null : (long)maxBytes,
            maxAgeHours is null ? null : TimeSpan.FromHours(maxAgeHours.Value)));
        return true;
    }

    private static bool TryParseSchedule(JsonElement arguments, out TimelapseSchedule? schedule, out string error)
    {
        schedule = null;
        error = string.Empty;
        var given = s_scheduleKeys.Where(k => arguments.TryGetProperty(k, out _)).ToArray();
        if (given.Length != 1)
        {
            error = "give exactly one of interval_seconds (1-86400), every (\"minute\", \"hour\", \"day\") or at ([\"HH:mm\", ...])";
            return false;
        }

        switch (given[0])
        {
            case "interval_seconds":
                if (!CommandArguments.TryNumber(arguments, "interval_seconds", 1, 86_400, out var seconds, out error))
                {
                    return false;
                }

                schedule = TimelapseSchedule.Every(TimeSpan.FromSeconds(seconds!.Value));
                return true;
            case "every":
                var every = arguments.GetProperty("every");
                TimeSpan? period = every.ValueKind == JsonValueKind.String ? every.GetString() switch
                {
                    "minute" => TimeSpan.FromMinutes(1),
                    "hour" => TimeSpan.FromHours(1),
                    "day" => TimeSpan.FromDays(1),
                    _ => null,
                } : null;
                if (period is null)
                {
                    error = $"every: must be \"minute\", \"hour\" or \"day\" (got {every.GetRawText()})";
                    return false;
                }

                schedule = TimelapseSchedule.Every(period.Value);
                return true;
            default:
                var at = arguments.GetProperty("at");
                var times = new List<TimeSpan>();
                if (at.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in at.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.String
                            || !TimeSpan.TryParseExact(item.GetString(), s_timeFormats, CultureInfo.InvariantCulture, out var time)
                            || time >= TimeSpan.FromDays(1))
                        {
                            times.Clear();
                            break;
                        }

                        times.Add(time);
                    }
                }

                if (times.Count == 0)
                {
                    error = $"at: must be a non-empty list of times of day such as [\"08:00\", \"12:30\"] (got {at.GetRawText()})";
                    return false;
                }

                schedule = TimelapseSchedule.At(times);
                return true;
        }
    }
}
