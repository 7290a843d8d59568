using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace MqttCam.Files;

/// <summary>
/// File names from patterns such as <c>img-{counter:0000}.jpg</c> or <c>{id}/{timestamp:yyyy-MM-dd-HH-mm}.jpg</c>
/// (the picamera timelapse recipe's <c>{counter}</c> and <c>{timestamp}</c>, with .NET format strings).
/// Tokens: <c>{counter[:format]}</c>, <c>{timestamp[:format]}</c> (the time as given, normally local), <c>{utc[:format]}</c>,
/// <c>{sequence[:format]}</c>, <c>{id}</c>. Literal braces are written <c>{{</c> and <c>}}</c>.
/// </summary>
public sealed class FileNamePattern
{
    private static readonly string[] s_tokens = ["counter", "timestamp", "utc", "sequence", "id"];

    private readonly List<Part> _parts;

    private FileNamePattern(string text, List<Part> parts)
    {
        Text = text;
        _parts = parts;
    }

    public string Text { get; }

    public bool UsesCounter => _parts.Any(p => p.Token == "counter");

    public static bool TryParse(string text, [NotNullWhen(true)] out FileNamePattern? pattern, out string error)
    {
        pattern = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "pattern is empty";
            return false;
        }

        var parts = new List<Part>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                literal.Append('}');
                i++;
                continue;
            }

            if (c == '}')
            {
                error = $"pattern '{text}': unmatched '}}' at position {i}";
                return false;
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            if (i + 1 < text.Length && text[i + 1] == '{')
            {
                literal.Append('{');
                i++;
                continue;
            }

            var end = text.IndexOf('}', i);
            if (end < 0)
            {
                error = $"pattern '{text}': unclosed '{{' at position {i}";
                return false;
            }

            var body = text[(i + 1)..end];
            var colon = body.IndexOf(':', StringComparison.Ordinal);
            var token = colon < 0 ? body : body[..colon];
            var format = colon < 0 ? null : body[(colon + 1)..];
            if (!s_tokens.Contains(token))
            {
                error = $"pattern '{text}': unknown token '{{{token}}}' (known: {string.Join(", ", s_tokens.Select(t => "{" + t + "}"))})";
                return false;
            }

            if (literal.Length > 0)
            {
                parts.Add(new Part(literal.ToString(), null, null));
                literal.Clear();
            }

            parts.Add(new Part(null, token, format));
            i = end;
        }

        if (literal.Length > 0)
        {
            parts.Add(new Part(literal.ToString(), null, null));
        }

        pattern = new FileNamePattern(text, parts);
        try
        {
            // Format strings are checked once here so a bad one fails when configured, not at the first capture.
            _ = pattern.Format(new FileNameValues(1, DateTimeOffset.UnixEpoch, 1, "camera"));
        }
        catch (FormatException ex)
        {
            pattern = null;
            error = $"pattern '{text}': {ex.Message}";
            return false;
        }

        error = string.Empty;
        return true;
    }

    public string Format(FileNameValues values)
    {
        var builder = new StringBuilder();
        foreach (var part in _parts)
        {
            builder.Append(part.Token switch
            {
                null => part.Literal,
                "counter" => values.Counter.ToString(part.Format, CultureInfo.InvariantCulture),
                "sequence" => values.Sequence.ToString(part.Format, CultureInfo.InvariantCulture),
                "timestamp" => values.Timestamp.ToString(part.Format ?? "yyyyMMdd-HHmmss", CultureInfo.InvariantCulture),
                "utc" => values.Timestamp.UtcDateTime.ToString(part.Format ?? "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture),
                "id" => values.CameraId,
                _ => throw new InvalidOperationException(part.Token),
            });
        }

        return builder.ToString();
    }

    private sealed record Part(string? Literal, string? Token, string? Format);
}
