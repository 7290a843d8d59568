using System.Diagnostics;

namespace DeviceBench;

/// <summary>
/// Samples the watched processes once a second from launch; after the warm-up (JIT, connects, ffprobe) it takes the
/// CPU and frame counts at the start and end of the measurement window.
/// </summary>
public static class ScenarioMeter
{
    private static readonly TimeSpan s_sampleInterval = TimeSpan.FromSeconds(1);

    public static async Task<ScenarioResult> MeasureAsync(
        string name,
        long launchTimestamp,
        IReadOnlyList<WatchedProcess> processes,
        Func<Task<long>> frames,
        TimeSpan warmup,
        TimeSpan window,
        Func<string> notes,
        CancellationToken cancellationToken)
    {
        var timeline = new UsageTimeline();
        var pids = new Dictionary<string, int>(StringComparer.Ordinal);
        Dictionary<string, (int Pid, TimeSpan Cpu)>? start = null;
        long startFrames = 0;
        TimeSpan windowStart = TimeSpan.Zero;
        using var timer = new PeriodicTimer(s_sampleInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var elapsed = Stopwatch.GetElapsedTime(launchTimestamp);
            var usage = Sample(processes, pids);
            timeline.Add(new UsageSample(elapsed, usage));
            if (start is null && elapsed >= warmup)
            {
                startFrames = await frames().ConfigureAwait(false);
                start = usage.ToDictionary(u => u.Key, u => (pids[u.Key], u.Value.Cpu), StringComparer.Ordinal);
                windowStart = elapsed;
            }
            else if (start is not null && elapsed - windowStart >= window)
            {
                var endFrames = await frames().ConfigureAwait(false);
                var cpu = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
                foreach (var (label, (pid, startCpu)) in start)
                {
                    // A restarted child (new pid) would make the difference meaningless, so it is left out.
                    if (usage.TryGetValue(label, out var end) && pids[label] == pid)
                    {
                        cpu[label] = end.Cpu - startCpu;
                    }
                }

                return new ScenarioResult(name, elapsed - windowStart, endFrames - startFrames, cpu, timeline, windowStart, notes());
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }

    private static Dictionary<string, ProcessUsage> Sample(IReadOnlyList<WatchedProcess> processes, Dictionary<string, int> pids)
    {
        var usage = new Dictionary<string, ProcessUsage>(StringComparer.Ordinal);
        foreach (var process in processes)
        {
            var reading = pids.TryGetValue(process.Label, out var pid) ? ProcFs.TryRead(pid) : null;
            if (reading is null && process.Resolve() is int found)
            {
                pids[process.Label] = found;
                reading = ProcFs.TryRead(found);
            }

            if (reading is ProcessUsage value)
            {
                usage[process.Label] = value;
            }
        }

        return usage;
    }
}
