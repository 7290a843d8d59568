using System.Diagnostics;

namespace JpegBench;

/// <summary>
/// Warm up, then time each run separately: median and 90th percentile of wall time per frame, plus mean process CPU
/// time per frame, which is far less disturbed than wall time when other work shares the 2 cores.
/// </summary>
internal static class Measurement
{
    public static (double MedianMs, double P90Ms, double CpuMs, long BytesAllocatedPerRun) Run(int warmup, int runs, Action action)
    {
        for (int i = 0; i < warmup; i++)
        {
            action();
        }

        double[] times = new double[runs];
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        TimeSpan cpuBefore = Environment.CpuUsage.TotalTime;
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        TimeSpan cpu = Environment.CpuUsage.TotalTime - cpuBefore;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Array.Sort(times);
        return (times[runs / 2], times[(int)(runs * 0.9)], cpu.TotalMilliseconds / runs, allocated / runs);
    }
}
