using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using MqttCam.Core.Contracts;

namespace MqttCam.Bridge.Hosting;

/// <summary>
/// JSON responses through the source-generated contract context, so the bridge stays trim- and AOT-safe (the
/// reflection overloads of <c>TypedResults.Json</c> are not).
/// </summary>
internal static class JsonResults
{
    public static JsonHttpResult<JsonNode> Of(JsonNode node, int? statusCode = null) =>
        TypedResults.Json(node, ContractJson.NodeTypeInfo, statusCode: statusCode);
}
