using System.Globalization;

namespace MqttBench;

/// <summary>Frames sent and received over the measured interval (sentinel arrival closes it).</summary>
internal sealed record ThroughputResult(long Sent, long Received, TimeSpan Elapsed)
{
    public double FramesPerSecond => Received / Elapsed.TotalSeconds;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"sent={Sent} received={Received} in {Elapsed.TotalSeconds:F2} s = {FramesPerSecond:F0} frames/s");
}
