namespace DeviceBench;

/// <summary>Frames delivered and CPU used by each process over one scenario's measurement window.</summary>
public sealed record ScenarioResult(
    string Name,
    TimeSpan Window,
    long Frames,
    IReadOnlyDictionary<string, TimeSpan> CpuInWindow,
    UsageTimeline Timeline,
    TimeSpan WindowStart,
    string Notes)
{
    public double FramesPerSecond => Frames / Window.TotalSeconds;

    public double CpuMillisecondsPerFrame(string label) =>
        CpuInWindow.TryGetValue(label, out var cpu) && Frames > 0 ? cpu.TotalMilliseconds / Frames : double.NaN;

    /// <summary>Share of one core, in percent.</summary>
    public double CpuPercent(string label) =>
        CpuInWindow.TryGetValue(label, out var cpu) ? 100 * cpu.TotalSeconds / Window.TotalSeconds : double.NaN;
}
