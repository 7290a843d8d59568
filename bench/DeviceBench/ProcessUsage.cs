namespace DeviceBench;

/// <summary>CPU time used so far (user + system) and resident memory of one process at one moment.</summary>
public readonly record struct ProcessUsage(TimeSpan Cpu, long RssBytes)
{
    public double RssMegabytes => RssBytes / (1024.0 * 1024.0);
}
