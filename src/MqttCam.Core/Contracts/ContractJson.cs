using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MqttCam.Core.Contracts;

/// <summary>
/// The one definition of how the project writes JSON: snake_case, compact, source-generated. Every payload on MQTT,
/// every file on disk and the CLI's output escape only what JSON itself needs (quotes, backslashes, control
/// characters), so <c>+00:00</c>, <c>"abc"</c> and <c>it's</c> read as written; consumers parse it as JSON, never
/// as HTML. The bridge's HTTP responses use <see cref="ConfigureHttp"/> instead, which also escapes HTML-sensitive
/// characters, because a browser may show a response as a document.
/// </summary>
public static class ContractJson
{
    /// <summary>The encoder for JSON that is parsed as JSON (MQTT, files, the terminal).</summary>
    public static JavaScriptEncoder WireEncoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The encoder for JSON served over HTTP: escapes <c>&lt; &gt; &amp; ' " +</c> as well.</summary>
    public static JavaScriptEncoder HttpEncoder => JavaScriptEncoder.Default;

    /// <summary>The type information every wire payload is written with.</summary>
    public static ContractJsonContext Default { get; } = new(Wire(new JsonSerializerOptions()));

    public static JsonTypeInfo<JsonNode> NodeTypeInfo => Default.JsonNode;

    public static JsonSerializerOptions WireOptions => Default.Options;

    /// <summary>The wire settings, indented for people (the CLI).</summary>
    public static JsonSerializerOptions Indented { get; } = new(WireOptions) { WriteIndented = true };

    /// <summary>Applies the HTTP settings to options owned by the web host (ASP.NET Core's <c>JsonOptions</c>).</summary>
    public static JsonSerializerOptions ConfigureHttp(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.Encoder = HttpEncoder;
        return options;
    }

    private static JsonSerializerOptions Wire(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Encoder = WireEncoder;
        return options;
    }
}

/// <summary>Source-generated metadata for the contract types; use it through <see cref="ContractJson.Default"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = false)]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(CameraState))]
[JsonSerializable(typeof(TimelapseState))]
public sealed partial class ContractJsonContext : JsonSerializerContext;
