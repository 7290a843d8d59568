using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MqttCam.Capture;
using MqttCam.Core.Contracts;
using MqttCam.Device.Announcing;
using MqttCam.Device.Feed;
using MqttCam.Device.Messaging;
using MqttCam.Device.Persistence;
using MqttCam.Mqtt;
using MqttCam.Core.Settings;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Settings;

/// <summary>
/// Every settings change goes through here, whatever asked (<c>set</c>, <c>set/&lt;name&gt;</c>, <c>lock</c>,
/// <c>unlock</c>, <c>night</c>): validate, check the source's pixel budget, apply, persist, tell the source, reply
/// with what changed, what restarted the camera and what the source does not support.
/// </summary>
public sealed class SettingsService(
    CurrentSettings current,
    SettingsStore store,
    LiveFeed feed,
    DeviceStatus status,
    Replies replies,
    CameraTopics topics,
    ILogger<SettingsService> logger)
{
    /// <summary>A plain value on <c>set/&lt;name&gt;</c> is a number, a word or a short list.</summary>
    private const int MaxPlainValueBytes = 1024;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary><c>set</c>: a JSON patch of settings, optionally with a <c>transaction</c>.</summary>
    public Task HandlePatchAsync(MqttMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Payload.Length > CommandRequest.MaxPayloadBytes)
        {
            return replies.Refuse(message, "set", $"settings payload is {message.Payload.Length} bytes; the limit is {CommandRequest.MaxPayloadBytes}", null);
        }

        if (!System.Text.Unicode.Utf8.IsValid(message.Payload.Span))
        {
            return replies.Refuse(message, "set", "settings are not valid UTF-8 text", null);
        }

        JsonElement patch;
        try
        {
            using var document = JsonDocument.Parse(message.Payload, new JsonDocumentOptions { MaxDepth = 8 });
            patch = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return replies.Refuse(message, "set", $"settings are not valid JSON: {ex.Message}", null);
        }

        // A patch may carry a transaction like a command; it is not a setting.
        JsonElement? transaction = null;
        if (patch.ValueKind == JsonValueKind.Object && patch.TryGetProperty("transaction", out var tx))
        {
            transaction = tx;
            var withoutTransaction = JsonNode.Parse(patch.GetRawText())!.AsObject();
            withoutTransaction.Remove("transaction");
            patch = JsonSerializer.SerializeToElement(withoutTransaction, ContractJson.NodeTypeInfo);
        }

        return ApplyAsync(message, "set", CameraSettingsSchema.ApplyPatch(current.Value, patch), transaction, cancellationToken);
    }

    /// <summary><c>set/&lt;name&gt;</c>: one plain value, as Home Assistant entities send it.</summary>
    public Task HandlePlainAsync(MqttMessage message, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Payload.Length > MaxPlainValueBytes)
        {
            return replies.Refuse(message, "set", $"{name}: value is {message.Payload.Length} bytes; the limit is {MaxPlainValueBytes}", null);
        }

        string text;
        try
        {
            text = s_strictUtf8.GetString(message.Payload.Span);
        }
        catch (DecoderFallbackException)
        {
            return replies.Refuse(message, "set", $"{name}: value is not UTF-8 text", null);
        }

        return ApplyAsync(message, "set", CameraSettingsSchema.ApplyText(current.Value, name, text), null, cancellationToken);
    }

    /// <summary>A command's settings patch (<c>lock</c>, <c>unlock</c>, <c>night</c>), answered under the command's action.</summary>
    public Task ApplyPatchAsync(MqttMessage message, string action, JsonObject patch, JsonElement? transaction, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(patch, ContractJson.NodeTypeInfo));
        return ApplyAsync(message, action, CameraSettingsSchema.ApplyPatch(current.Value, document.RootElement), transaction, cancellationToken);
    }

    private async Task ApplyAsync(MqttMessage message, string action, SettingsPatchResult result, JsonElement? transaction, CancellationToken cancellationToken)
    {
        if (!result.IsSuccess)
        {
            await replies.Refuse(message, action, result.ErrorMessage, transaction).ConfigureAwait(false);
            return;
        }

        var updated = result.Settings;
        if (feed.Source is { } bounded && (long)updated.Width * updated.Height > bounded.MaxPixels)
        {
            await replies.Refuse(message, action, PixelBudgetError(updated, bounded), transaction).ConfigureAwait(false);
            return;
        }

        var previous = current.Value;
        current.Replace(updated);
        string[] restarted = [];
        string[] unsupported = [];
        if (result.Changed.Count > 0)
        {
            var changed = string.Join(", ", result.Changed);
            logger.SettingsChanged(changed);
            await PersistAsync(updated, result.Changed, cancellationToken).ConfigureAwait(false);
            if (previous.Streaming != updated.Streaming)
            {
                LogStreaming(updated.Streaming);
            }

            if (feed.Source is { } source)
            {
                var names = result.Changed.SelectMany(ExpandAlias).ToArray();
                restarted = names.Where(source.RestartSettings.Contains).ToArray();
                unsupported = names.Where(n => !source.LiveSettings.Contains(n) && !source.RestartSettings.Contains(n) && !FrameSource.DeviceSettings.Contains(n)).ToArray();
                await source.ApplyAsync(updated).ConfigureAwait(false);
            }

            status.RequestPublish();
        }

        replies.Reply(message, CommandResponse.Ok(action, new JsonObject
        {
            ["changed"] = new JsonArray(result.Changed.Select(n => (JsonNode)n).ToArray()),
            ["restarted"] = new JsonArray(restarted.Select(n => (JsonNode)n).ToArray()),
            ["unsupported"] = new JsonArray(unsupported.Select(n => (JsonNode)n).ToArray()),
            ["settings"] = CameraSettingsSchema.ToJson(updated),
        }, transaction));
    }

    private async Task PersistAsync(CameraSettings updated, IReadOnlyList<string> changed, CancellationToken cancellationToken)
    {
        try
        {
            await store.SaveAsync(updated, changed, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.SaveSettingsFailed(store.FilePath, ex);
            status.RecordError($"cannot save settings: {ex.Message}");
        }
    }

    /// <summary>Streaming is the device's own switch (the source keeps capturing), so the device says what it did.</summary>
    private void LogStreaming(bool streaming)
    {
        if (streaming)
        {
            logger.StreamingOn(topics.Image);
        }
        else
        {
            logger.StreamingOff(topics.Image);
        }
    }

    private static string PixelBudgetError(CameraSettings settings, FrameSource source) => string.Create(
        CultureInfo.InvariantCulture,
        $"resolution: {settings.Width}x{settings.Height} is {settings.Width * (double)settings.Height / 1e6:0.0} MP; the {source.Kind} source can produce at most {source.MaxPixels / 1e6:0.0} MP (e.g. 4056x3040)");

    private static IEnumerable<string> ExpandAlias(string name) =>
        name == CameraSettingsSchema.ResolutionAlias ? ["width", "height"] : [name];
}
