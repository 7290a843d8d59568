using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MqttCam.Contracts;

/// <summary>Serializer settings for every JSON payload on the wire: snake_case, compact, source-generated.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = false)]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(CameraState))]
[JsonSerializable(typeof(TimelapseState))]
public sealed partial class ContractJson : JsonSerializerContext
{
    public static JsonTypeInfo<JsonNode> NodeTypeInfo => Default.JsonNode;

    public static JsonSerializerOptions WireOptions => Default.Options;
}
