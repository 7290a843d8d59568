namespace MqttBench;

/// <summary>What every scenario moves: the same 150 KB frame, on the same broker, in the same run.</summary>
internal sealed record BenchSettings(int PayloadBytes, TimeSpan ThroughputDuration, int LatencyFrames, int WarmupFrames, double Fps)
{
    public TimeSpan FrameInterval => TimeSpan.FromSeconds(1 / Fps);
}
