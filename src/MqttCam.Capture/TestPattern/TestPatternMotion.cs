namespace MqttCam.Capture.TestPattern;

/// <summary>
/// The test pattern's script: <see cref="Moving"/> with the square moving, then <see cref="Still"/> with nothing
/// moving but the caption, over and over (on the source's clock), so a demo shows motion, live and idle.
/// <see cref="Still"/> zero keeps it moving all the time.
/// </summary>
public sealed record TestPatternMotion(TimeSpan Moving, TimeSpan Still)
{
    /// <summary>10 s of motion, then 20 s still: one motion event pair and idle frames every 30 s with the default settings.</summary>
    public static TestPatternMotion Default { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));

    public static TestPatternMotion AlwaysMoving { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.Zero);

    /// <summary>Whether the square moves at <paramref name="elapsed"/> since the first frame.</summary>
    public bool IsMoving(TimeSpan elapsed)
    {
        if (Still <= TimeSpan.Zero)
        {
            return true;
        }

        long cycle = (Moving + Still).Ticks;
        long phase = ((elapsed.Ticks % cycle) + cycle) % cycle;
        return phase < Moving.Ticks;
    }

    internal TestPatternMotion Validate()
    {
        if (Moving <= TimeSpan.Zero || Still < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Moving), $"The test pattern needs a moving stretch above 0 and a still one of 0 or more (got {Moving} and {Still}).");
        }

        return this;
    }
}
