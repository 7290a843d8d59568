namespace DeviceBench;

/// <summary>A process to measure; <see cref="Resolve"/> finds its pid (children such as ffmpeg are looked up late).</summary>
public sealed record WatchedProcess(string Label, Func<int?> Resolve);
