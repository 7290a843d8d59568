namespace DeviceBench;

/// <summary>Usage of every watched process at <see cref="Elapsed"/> since the scenario started.</summary>
public sealed record UsageSample(TimeSpan Elapsed, IReadOnlyDictionary<string, ProcessUsage> Usage);
