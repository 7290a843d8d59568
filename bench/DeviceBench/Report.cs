using System.Globalization;
using System.Text;

namespace DeviceBench;

/// <summary>Prints the results as markdown, ready to paste into docs/benchmarks.md ("Device").</summary>
public static class Report
{
    private static readonly TimeSpan[] s_rssMarks = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10)];

    public static string Format(IReadOnlyList<(ScenarioResult Result, string Main, string Transport)> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | frames/s delivered | frames in window | window s | main process CPU ms/frame (% of a core) | capture ffmpeg ms/frame | transport (broker / server) ms/frame | main RSS MB at 1 / 5 / 10 min | main max RSS MB | RSS slope after 1 min, MB/min |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (r, main, transport) in rows)
        {
            var marks = string.Join(" / ", s_rssMarks.Select(m => r.Timeline.RssMegabytesAt(main, m) is double mb ? F(mb, 1) : "-"));
            var slope = r.Timeline.RssSlopeMegabytesPerMinute(main, TimeSpan.FromMinutes(1)) is double s ? F(s, 3) : "-";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {F(r.FramesPerSecond, 2)} | {r.Frames} | {F(r.Window.TotalSeconds, 0)} | {F(r.CpuMillisecondsPerFrame(main), 3)} ({F(r.CpuPercent(main), 1)}%) | " +
                $"{F(r.CpuMillisecondsPerFrame("ffmpeg"), 3)} | {F(r.CpuMillisecondsPerFrame(transport), 3)} | {marks} | {F(r.Timeline.MaxRssMegabytes(main), 1)} | {slope} |");
        }

        text.AppendLine();
        foreach (var (r, _, _) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {r.Name}: window starts {F(r.WindowStart.TotalSeconds, 0)} s after launch; {r.Notes}");
            var rss = string.Join(", ", r.Timeline.Samples[^1].Usage.Select(u => $"{u.Key} {F(u.Value.RssMegabytes, 1)} MB"));
            text.AppendLine(CultureInfo.InvariantCulture, $"  - RSS at end: {rss}");
        }

        return text.ToString();
    }

    /// <summary>The RSS of <paramref name="label"/> every minute, to show (no) growth over the soak.</summary>
    public static string RssPerMinute(ScenarioResult result, string label)
    {
        var minutes = (int)result.Timeline.Samples[^1].Elapsed.TotalMinutes;
        var values = Enumerable.Range(0, minutes + 1)
            .Select(m => result.Timeline.RssMegabytesAt(label, TimeSpan.FromMinutes(m) + TimeSpan.FromSeconds(m == 0 ? 5 : 0)) is double mb ? F(mb, 1) : "-");
        return $"{result.Name} {label} RSS MB per minute from launch (t=5 s, 1, 2, ... min): {string.Join(", ", values)}";
    }

    private static string F(double value, int decimals) =>
        double.IsNaN(value) ? "-" : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
