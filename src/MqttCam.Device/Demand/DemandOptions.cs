namespace MqttCam.Device.Demand;

/// <summary>
/// The settings the governor follows (streaming, live, fps, idle_interval), as plain values so the settings owner
/// maps them in one place. <paramref name="IdleInterval"/> zero means no idle frames: only motion makes the camera publish.
/// </summary>
public sealed record DemandOptions(bool Streaming, LiveMode Live, double Fps, TimeSpan IdleInterval)
{
    public static DemandOptions Default { get; } = new(Streaming: true, LiveMode.Auto, Fps: 10, TimeSpan.FromSeconds(10));
}
