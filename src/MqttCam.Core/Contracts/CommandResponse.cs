using System.Text.Json;
using System.Text.Json.Nodes;

namespace MqttCam.Core.Contracts;

/// <summary>
/// The reply on <c>response</c>: <c>{"status": "ok"|"error", "action", "data", "error", "transaction"}</c>.
/// Every field is always present (null when empty) so consumers can template on it without guards.
/// </summary>
public sealed class CommandResponse
{
    public required string Status { get; init; }

    public string? Action { get; init; }

    public JsonNode? Data { get; init; }

    public string? Error { get; init; }

    public JsonElement? Transaction { get; init; }

    public bool IsOk => Status == CommandStatus.Ok;

    public static CommandResponse Ok(string action, JsonNode? data, JsonElement? transaction) =>
        new() { Status = CommandStatus.Ok, Action = action, Data = data, Transaction = transaction };

    public static CommandResponse Failure(string? action, string error, JsonElement? transaction) =>
        new() { Status = CommandStatus.Error, Action = action, Error = error, Transaction = transaction };

    public byte[] ToUtf8Json()
    {
        var json = new JsonObject
        {
            ["status"] = Status,
            ["action"] = Action,
            ["data"] = Data?.DeepClone(),
            ["error"] = Error,
            ["transaction"] = Transaction is { } tx ? JsonNode.Parse(tx.GetRawText()) : null,
        };
        return JsonSerializer.SerializeToUtf8Bytes(json, ContractJson.NodeTypeInfo);
    }

    public static CommandResponse Parse(ReadOnlySpan<byte> utf8Json)
    {
        using var document = JsonDocument.Parse(utf8Json.ToArray());
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.String)
        {
            throw new JsonException("a command response must be an object with a string \"status\"");
        }

        return new CommandResponse
        {
            Status = status.GetString()!,
            Action = root.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null,
            Data = root.TryGetProperty("data", out var d) && d.ValueKind != JsonValueKind.Null ? JsonNode.Parse(d.GetRawText()) : null,
            Error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null,
            Transaction = root.TryGetProperty("transaction", out var t) && t.ValueKind != JsonValueKind.Null ? t.Clone() : null,
        };
    }
}
