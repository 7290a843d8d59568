using System.Globalization;

namespace MqttCam.Core.Topics;

/// <summary>
/// What travels beside every frame as MQTT 5 user properties (<see cref="FrameUserProperties"/>): the one codec that
/// writes them (device, bridge re-publish) and reads them (bridge ingest, CLI), so both sides agree on the rules.
/// </summary>
/// <param name="Sequence">The source's frame number; absent (null) when the publisher sent none or an unreadable one.</param>
/// <param name="CapturedAt">When the frame was captured; absent when missing or unreadable.</param>
/// <param name="Width">Pixels; absent when missing, unreadable or not positive.</param>
/// <param name="Height">Pixels; absent when missing, unreadable or not positive.</param>
public readonly record struct FrameMetadata(long? Sequence, DateTimeOffset? CapturedAt, int? Width, int? Height)
{
    /// <summary>The user properties for a frame, in the order the API documents them (only the present values).</summary>
    public KeyValuePair<string, string>[] ToUserProperties()
    {
        var properties = new List<KeyValuePair<string, string>>(4);
        if (Sequence is { } sequence)
        {
            properties.Add(new(FrameUserProperties.Sequence, sequence.ToString(CultureInfo.InvariantCulture)));
        }

        if (CapturedAt is { } capturedAt)
        {
            properties.Add(new(FrameUserProperties.CapturedAt, capturedAt.ToString("O", CultureInfo.InvariantCulture)));
        }

        if (Width is { } width)
        {
            properties.Add(new(FrameUserProperties.Width, width.ToString(CultureInfo.InvariantCulture)));
        }

        if (Height is { } height)
        {
            properties.Add(new(FrameUserProperties.Height, height.ToString(CultureInfo.InvariantCulture)));
        }

        return [.. properties];
    }

    /// <summary>
    /// Reads the frame properties out of a message's user properties. Strict and culture-free: a sequence is digits only
    /// (no sign, no spaces), a timestamp without an offset is UTC, a size is a positive integer; anything else is absent,
    /// never an error, because a frame is still a frame without its metadata. Unknown names are ignored; when a name
    /// repeats, the last readable value wins.
    /// </summary>
    public static FrameMetadata FromUserProperties(IEnumerable<KeyValuePair<string, string>>? userProperties)
    {
        long? sequence = null;
        DateTimeOffset? capturedAt = null;
        int? width = null;
        int? height = null;
        foreach (var (name, value) in userProperties ?? [])
        {
            switch (name)
            {
                case FrameUserProperties.Sequence when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s):
                    sequence = s;
                    break;
                case FrameUserProperties.CapturedAt when DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at):
                    capturedAt = at;
                    break;
                case FrameUserProperties.Width when TryReadSize(value, out var w):
                    width = w;
                    break;
                case FrameUserProperties.Height when TryReadSize(value, out var h):
                    height = h;
                    break;
            }
        }

        return new FrameMetadata(sequence, capturedAt, width, height);
    }

    private static bool TryReadSize(string value, out int size) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size > 0;
}
