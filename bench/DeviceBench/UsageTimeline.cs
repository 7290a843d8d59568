namespace DeviceBench;

/// <summary>Samples of the watched processes over a scenario, and the figures derived from them.</summary>
public sealed class UsageTimeline
{
    private readonly List<UsageSample> _samples = [];

    public IReadOnlyList<UsageSample> Samples => _samples;

    public void Add(UsageSample sample) => _samples.Add(sample);

    /// <summary>RSS of <paramref name="name"/> in the last sample taken at or before <paramref name="at"/>.</summary>
    public double? RssMegabytesAt(string name, TimeSpan at)
    {
        var sample = _samples.LastOrDefault(s => s.Elapsed <= at && s.Usage.ContainsKey(name));
        return sample is null || sample.Elapsed < at - TimeSpan.FromSeconds(5) ? null : sample.Usage[name].RssMegabytes;
    }

    public double MaxRssMegabytes(string name) =>
        _samples.Where(s => s.Usage.ContainsKey(name)).Select(s => s.Usage[name].RssMegabytes).DefaultIfEmpty().Max();

    /// <summary>Least-squares RSS slope in MB per minute over the samples after <paramref name="from"/> (start-up excluded).</summary>
    public double? RssSlopeMegabytesPerMinute(string name, TimeSpan from)
    {
        var points = _samples.Where(s => s.Elapsed >= from && s.Usage.ContainsKey(name))
            .Select(s => (X: s.Elapsed.TotalMinutes, Y: s.Usage[name].RssMegabytes)).ToList();
        if (points.Count < 3)
        {
            return null;
        }

        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var covariance = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        var variance = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return variance == 0 ? null : covariance / variance;
    }
}
