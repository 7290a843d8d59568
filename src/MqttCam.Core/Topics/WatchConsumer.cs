namespace MqttCam.Core.Topics;

/// <summary>The <c>&lt;consumer&gt;</c> of a <c>watch/&lt;consumer&gt;</c> lease topic (docs/mqtt-api.md).</summary>
public static class WatchConsumer
{
    public const int MaxLength = 64;

    public const string AllowedDescription = "1 to 64 characters of A-Z, a-z, 0-9, '_', '.', '-'";

    public static bool IsValid(ReadOnlySpan<char> consumer)
    {
        if (consumer.IsEmpty || consumer.Length > MaxLength)
        {
            return false;
        }

        foreach (char c in consumer)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
