using System.Globalization;

namespace MqttCam.Device.Timelapse;

/// <summary>
/// When timelapse stills are taken: every N seconds (aligned to multiples of N since local midnight, so restarts keep the
/// rhythm), on the clock (every minute/hour/day on the zero), or at given local times of day.
/// </summary>
public sealed class TimelapseSchedule
{
    private readonly TimeSpan? _interval;
    private readonly TimeSpan[] _times;

    private TimelapseSchedule(TimeSpan? interval, TimeSpan[] times, string description)
    {
        _interval = interval;
        _times = times;
        Description = description;
    }

    public string Description { get; }

    public static TimelapseSchedule Every(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(interval, TimeSpan.FromDays(1));
        var description = interval switch
        {
            _ when interval == TimeSpan.FromMinutes(1) => "every minute",
            _ when interval == TimeSpan.FromHours(1) => "every hour",
            _ when interval == TimeSpan.FromDays(1) => "every day",
            _ => string.Create(CultureInfo.InvariantCulture, $"every {interval.TotalSeconds:0.###} s"),
        };
        return new TimelapseSchedule(interval, [], description);
    }

    public static TimelapseSchedule At(IEnumerable<TimeSpan> timesOfDay)
    {
        var times = timesOfDay.Distinct().Order().ToArray();
        if (times.Length == 0 || times.Any(t => t < TimeSpan.Zero || t >= TimeSpan.FromDays(1)))
        {
            throw new ArgumentException("times of day must be from 00:00 to 23:59:59", nameof(timesOfDay));
        }

        return new TimelapseSchedule(null, times, "at " + string.Join(", ", times.Select(t => t.ToString(@"hh\:mm", CultureInfo.InvariantCulture))));
    }

    /// <summary>The first slot strictly after <paramref name="now"/>; <paramref name="zone"/> decides what "08:00" means.</summary>
    public DateTimeOffset Next(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (_interval is { } interval)
        {
            // Slots are counted from local midnight, so "every minute" falls on :00 and the rhythm is stable
            // across restarts (the stills line up in a film).
            var local = TimeZoneInfo.ConvertTime(now, zone);
            var dayStart = new DateTimeOffset(local.Date, local.Offset);
            var sinceMidnight = local - dayStart;
            var slots = Math.Floor(sinceMidnight.Ticks / (double)interval.Ticks) + 1;
            var next = dayStart + TimeSpan.FromTicks((long)(slots * interval.Ticks));
            return next <= now ? next + interval : next;
        }

        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        for (var day = 0; day <= 1; day++)
        {
            foreach (var time in _times)
            {
                var wall = today.AddDays(day) + time;
                var candidate = new DateTimeOffset(wall, zone.GetUtcOffset(wall));
                if (candidate > now)
                {
                    return candidate;
                }
            }
        }

        var first = today.AddDays(2) + _times[0];
        return new DateTimeOffset(first, zone.GetUtcOffset(first));
    }
}
