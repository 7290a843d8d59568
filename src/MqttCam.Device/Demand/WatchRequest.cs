using System.Text.Json;

namespace MqttCam.Device.Demand;

/// <summary>
/// The payload of a <c>watch/&lt;consumer&gt;</c> lease: <c>{"fps": N}</c> or <c>{}</c> (fps optional, &gt; 0). Unknown
/// members are ignored so consumers may add fields; everything else (not an object, bad fps, too long, too deep) is refused.
/// </summary>
public readonly record struct WatchRequest(double? Fps)
{
    /// <summary>Payload bound from the contract (docs/limits.md).</summary>
    public const int MaxPayloadBytes = 256;

    private static readonly JsonReaderOptions s_options = new() { MaxDepth = 4, CommentHandling = JsonCommentHandling.Disallow };

    public static bool TryParse(ReadOnlySpan<byte> payload, out WatchRequest request, out string? error)
    {
        request = default;
        if (payload.Length > MaxPayloadBytes)
        {
            error = $"lease payload is {payload.Length} bytes; at most {MaxPayloadBytes} are accepted";
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(payload, s_options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "lease payload must be a JSON object like {\"fps\": 5} or {}";
                return false;
            }

            double? fps = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isFps = reader.ValueTextEquals("fps"u8);
                reader.Read();
                if (isFps && reader.TokenType != JsonTokenType.Null)
                {
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out double value) || !double.IsFinite(value) || value <= 0)
                    {
                        error = "lease fps must be a number greater than 0";
                        return false;
                    }

                    fps = value;
                }
                else
                {
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                error = "lease payload must be one JSON object";
                return false;
            }

            request = new WatchRequest(fps);
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            error = $"lease payload is not valid JSON: {ex.Message}";
            return false;
        }
    }
}
