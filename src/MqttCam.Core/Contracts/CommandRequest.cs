using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace MqttCam.Core.Contracts;

/// <summary>
/// A parsed <c>command</c> payload: <c>{"action": "capture", "transaction": any, ...arguments}</c>.
/// The whole object is kept so each action reads its own arguments.
/// </summary>
public sealed class CommandRequest
{
    /// <summary>Commands are small JSON objects; anything larger is refused before parsing.</summary>
    public const int MaxPayloadBytes = 64 * 1024;

    private CommandRequest(string action, JsonElement? transaction, JsonElement arguments)
    {
        Action = action;
        Transaction = transaction;
        Arguments = arguments;
    }

    public string Action { get; }

    /// <summary>Echoed verbatim in the response so callers can match replies (any JSON value).</summary>
    public JsonElement? Transaction { get; }

    public JsonElement Arguments { get; }

    public static bool TryParse(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out CommandRequest? request, out string error, out JsonElement? transaction)
    {
        request = null;
        transaction = null;
        if (payload.Length > MaxPayloadBytes)
        {
            error = $"command payload is {payload.Length} bytes; the limit is {MaxPayloadBytes}";
            return false;
        }

        if (!System.Text.Unicode.Utf8.IsValid(payload))
        {
            error = "command is not valid UTF-8 text";
            return false;
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            error = $"command is not valid JSON: {ex.Message}";
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "command must be a JSON object such as {\"action\": \"capture\"}";
            return false;
        }

        if (root.TryGetProperty("transaction", out var tx))
        {
            transaction = tx;
        }

        if (!root.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(action.GetString()))
        {
            error = "command needs a string \"action\"";
            return false;
        }

        request = new CommandRequest(action.GetString()!, transaction, root);
        error = string.Empty;
        return true;
    }
}
