using System.Text.Json;
using MqttCam.Device.Timelapse;

namespace MqttCam.Device.Tests.Timelapse;

public sealed class TimelapseScheduleTests
{
    private static readonly DateTimeOffset s_now = new(2025, 3, 10, 14, 37, 12, TimeSpan.Zero);

    [Theory]
    [InlineData(60, "2025-03-10T14:38:00+00:00")]
    [InlineData(3600, "2025-03-10T15:00:00+00:00")]
    [InlineData(86400, "2025-03-11T00:00:00+00:00")]
    [InlineData(30, "2025-03-10T14:37:30+00:00")]
    [InlineData(7, "2025-03-10T14:37:13+00:00")]
    public void IntervalsAlignToTheClock(int seconds, string expected)
    {
        var schedule = TimelapseSchedule.Every(TimeSpan.FromSeconds(seconds));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), schedule.Next(s_now, TimeZoneInfo.Utc));
    }

    [Fact]
    public void ASlotExactlyNowIsNotTakenTwice()
    {
        var minute = TimelapseSchedule.Every(TimeSpan.FromMinutes(1));
        var onTheMinute = new DateTimeOffset(2025, 3, 10, 14, 38, 0, TimeSpan.Zero);

        Assert.Equal(onTheMinute.AddMinutes(1), minute.Next(onTheMinute, TimeZoneInfo.Utc));
    }

    [Fact]
    public void TimesOfDayWrapToTomorrowAndFollowTheZone()
    {
        var schedule = TimelapseSchedule.At([new TimeSpan(8, 0, 0), new TimeSpan(12, 30, 0)]);
        var zone = TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2");

        // 14:37 UTC is 16:37 at +2: both times have passed today.
        Assert.Equal(new DateTimeOffset(2025, 3, 11, 8, 0, 0, TimeSpan.FromHours(2)), schedule.Next(s_now, zone));
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 12, 30, 0, TimeSpan.FromHours(2)), schedule.Next(new DateTimeOffset(2025, 3, 10, 8, 0, 0, TimeSpan.FromHours(2)), zone));
        Assert.Equal("at 08:00, 12:30", schedule.Description);
    }

    [Theory]
    [InlineData("{}", "give exactly one of")]
    [InlineData("{\"interval_seconds\": 10, \"every\": \"minute\"}", "give exactly one of")]
    [InlineData("{\"interval_seconds\": 0}", "interval_seconds: must be a number from 1 to 86400")]
    [InlineData("{\"interval_seconds\": \"ten\"}", "interval_seconds: must be a number")]
    [InlineData("{\"every\": \"fortnight\"}", "every: must be \"minute\", \"hour\" or \"day\"")]
    [InlineData("{\"at\": [\"25:00\"]}", "at: must be a non-empty list")]
    [InlineData("{\"at\": []}", "at: must be a non-empty list")]
    [InlineData("{\"every\": \"minute\", \"name\": \"{bogus}.jpg\"}", "unknown token '{bogus}'")]
    [InlineData("{\"every\": \"minute\", \"max_files\": -1}", "max_files: must be a number from 1")]
    public void BadRequestsAreRefusedWithTheReason(string json, string expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.False(TimelapseRequest.TryParse(document.RootElement, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void AFullRequestParses()
    {
        using var document = JsonDocument.Parse("{\"every\": \"hour\", \"name\": \"tl-{counter:000}.jpg\", \"max_files\": 5, \"max_bytes\": 1000, \"max_age_hours\": 2}");

        Assert.True(TimelapseRequest.TryParse(document.RootElement, out var request, out var error), error);
        Assert.Equal("every hour", request.Schedule.Description);
        Assert.Equal("tl-{counter:000}.jpg", request.Name.Text);
        Assert.Equal(new TimelapseRetention(5, 1000, TimeSpan.FromHours(2)), request.Retention);
    }
}
