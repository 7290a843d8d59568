using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MqttCam.Capture;
using MqttCam.Contracts;
using MqttCam.Mqtt;
using MqttCam.Settings;

namespace MqttCam.Device;

public sealed partial class CameraDevice
{
    /// <summary>A plain value on <c>set/&lt;name&gt;</c> is a number, a word or a short list.</summary>
    private const int MaxPlainValueBytes = 1024;

    /// <summary>Settings the device itself implements, whatever the source.</summary>
    private static readonly HashSet<string> s_deviceLevelSettings = ["streaming", "timestamp"];

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private async Task ProcessMessagesAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in _client.Messages.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await HandleMessageAsync(message, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Whatever arrives, the device keeps running and the sender hears about it.
                    Log.CommandFailed(_logger, message.Topic, ex);
                    Reply(message, CommandResponse.Failure(null, $"internal error: {ex.Message}", null));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private Task HandleMessageAsync(MqttMessage message, CancellationToken cancellationToken)
    {
        if (message.Topic == _configuration.HomeAssistant.StatusTopic)
        {
            OnHomeAssistantStatus(message.Payload.Span);
            return Task.CompletedTask;
        }

        // The device publishes replies with its own rights: a requester may name only a topic under the camera's
        // response tree, never e.g. its availability or image (a confused deputy).
        if (message.Properties?.ResponseTopic is { Length: > 0 } responseTopic && !IsResponseTreeTopic(responseTopic))
        {
            return Refuse(message, null, $"response topic '{responseTopic}' is not under {_topics.Response}/; replies go only there", null);
        }

        if (message.Topic == _topics.Set)
        {
            return HandleSettingsPatchAsync(message, cancellationToken);
        }

        if (message.Topic.StartsWith(_topics.Set, StringComparison.Ordinal) && message.Topic.Length > _topics.Set.Length + 1)
        {
            return HandlePlainSettingAsync(message, message.Topic[(_topics.Set.Length + 1)..], cancellationToken);
        }

        if (message.Topic == _topics.Command)
        {
            return HandleCommandAsync(message, cancellationToken);
        }

        return Task.CompletedTask;
    }

    private Task HandleSettingsPatchAsync(MqttMessage message, CancellationToken cancellationToken)
    {
        if (message.Payload.Length > CommandRequest.MaxPayloadBytes)
        {
            return Refuse(message, "set", $"settings payload is {message.Payload.Length} bytes; the limit is {CommandRequest.MaxPayloadBytes}", null);
        }

        if (!System.Text.Unicode.Utf8.IsValid(message.Payload.Span))
        {
            return Refuse(message, "set", "settings are not valid UTF-8 text", null);
        }

        JsonElement patch;
        try
        {
            using var document = JsonDocument.Parse(message.Payload, new JsonDocumentOptions { MaxDepth = 8 });
            patch = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Refuse(message, "set", $"settings are not valid JSON: {ex.Message}", null);
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

        var result = CameraSettingsSchema.ApplyPatch(Settings, patch);
        return ApplySettingsAsync(message, result, transaction, cancellationToken);
    }

    private Task HandlePlainSettingAsync(MqttMessage message, string name, CancellationToken cancellationToken)
    {
        if (message.Payload.Length > MaxPlainValueBytes)
        {
            return Refuse(message, "set", $"{name}: value is {message.Payload.Length} bytes; the limit is {MaxPlainValueBytes}", null);
        }

        string text;
        try
        {
            text = s_strictUtf8.GetString(message.Payload.Span);
        }
        catch (DecoderFallbackException)
        {
            return Refuse(message, "set", $"{name}: value is not UTF-8 text", null);
        }

        var result = CameraSettingsSchema.ApplyText(Settings, name, text);
        return ApplySettingsAsync(message, result, null, cancellationToken);
    }

    private async Task ApplySettingsAsync(MqttMessage message, SettingsPatchResult result, JsonElement? transaction, CancellationToken cancellationToken, string action = "set")
    {
        if (!result.IsSuccess)
        {
            await Refuse(message, action, result.ErrorMessage, transaction).ConfigureAwait(false);
            return;
        }

        var updated = result.Settings;
        if (_source is { } bounded && (long)updated.Width * updated.Height > bounded.MaxPixels)
        {
            await Refuse(message, action, PixelBudgetError(updated, bounded), transaction).ConfigureAwait(false);
            return;
        }

        Volatile.Write(ref _settings, updated);
        string[] restarted = [];
        string[] unsupported = [];
        if (result.Changed.Count > 0)
        {
            Log.SettingsChanged(_logger, string.Join(", ", result.Changed));
            try
            {
                await _store.SaveAsync(updated, result.Changed, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.SaveSettingsFailed(_logger, _store.FilePath, ex);
                RecordError($"cannot save settings: {ex.Message}");
            }

            if (_source is { } source)
            {
                var names = result.Changed.SelectMany(ExpandAlias).ToArray();
                restarted = names.Where(source.RestartSettings.Contains).ToArray();
                unsupported = names.Where(n => !source.LiveSettings.Contains(n) && !source.RestartSettings.Contains(n) && !s_deviceLevelSettings.Contains(n)).ToArray();
                await source.ApplyAsync(updated).ConfigureAwait(false);
            }

            RequestState();
        }

        var data = new JsonObject
        {
            ["changed"] = new JsonArray(result.Changed.Select(n => (JsonNode)n).ToArray()),
            ["restarted"] = new JsonArray(restarted.Select(n => (JsonNode)n).ToArray()),
            ["unsupported"] = new JsonArray(unsupported.Select(n => (JsonNode)n).ToArray()),
            ["settings"] = CameraSettingsSchema.ToJson(updated),
        };
        Reply(message, CommandResponse.Ok(action, data, transaction));
    }

    private static string PixelBudgetError(CameraSettings settings, FrameSource source) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"resolution: {settings.Width}x{settings.Height} is {settings.Width * (double)settings.Height / 1e6:0.0} MP; the {source.Kind} source can produce at most {source.MaxPixels / 1e6:0.0} MP (e.g. 4056x3040)");

    private static IEnumerable<string> ExpandAlias(string name) =>
        name == CameraSettingsSchema.ResolutionAlias ? ["width", "height"] : [name];

    private Task Refuse(MqttMessage message, string? action, string error, JsonElement? transaction)
    {
        Log.CommandRefused(_logger, action ?? "command", message.Topic, error);
        Reply(message, CommandResponse.Failure(action, error, transaction));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Answers on the <c>response</c> topic and, for MQTT 5 requesters, on their response topic with their
    /// correlation data. Tracked, not awaited: a QoS 1 publish made while the broker is away completes only after reconnect,
    /// and the message loop must not stall behind it.
    /// </summary>
    private void Reply(MqttMessage request, CommandResponse response)
    {
        var bytes = response.ToUtf8Json();
        _background.Run(_ => PublishReplyAsync(_topics.Response, bytes, null));
        if (request.Properties?.ResponseTopic is { Length: > 0 } responseTopic && IsResponseTreeTopic(responseTopic))
        {
            var correlation = request.Properties.CorrelationData;
            _background.Run(_ => PublishReplyAsync(responseTopic, bytes, correlation));
        }
    }

    private bool IsResponseTreeTopic(string topic) =>
        topic.Length > _topics.Response.Length + 1
        && topic.StartsWith(_topics.Response, StringComparison.Ordinal)
        && topic[_topics.Response.Length] == '/'
        && !topic.Contains('+', StringComparison.Ordinal) && !topic.Contains('#', StringComparison.Ordinal);

    private async Task PublishReplyAsync(string topic, byte[] payload, ReadOnlyMemory<byte>? correlation)
    {
        try
        {
            var properties = new MqttMessageProperties
            {
                ContentType = "application/json",
                CorrelationData = correlation ?? ReadOnlyMemory<byte>.Empty,
            };
            await _client.PublishAsync(topic, payload, MqttQos.AtLeastOnce, retain: false, properties).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MqttException or ArgumentException or ObjectDisposedException)
        {
            Log.StatePublishFailed(_logger, $"reply on {topic}: {ex.Message}");
        }
    }
}
