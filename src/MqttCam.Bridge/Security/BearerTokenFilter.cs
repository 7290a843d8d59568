using MqttCam.Bridge.Configuration;

namespace MqttCam.Bridge.Security;

/// <summary>Endpoint filter enforcing <c>Bridge:ApiToken</c> for a <see cref="TokenScope"/>: 401 with a WWW-Authenticate challenge.</summary>
internal sealed class BearerTokenFilter(BridgeOptions options, TokenScope scope) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return Refusal(context.HttpContext, options, scope) is { } refusal
            ? ValueTask.FromResult<object?>(refusal)
            : next(context);
    }

    /// <summary>
    /// The 401 to answer, or null when the request may proceed. Also used directly by the plain request-delegate
    /// endpoints (live.jpeg), which skip the filter pipeline for speed.
    /// </summary>
    public static IResult? Refusal(HttpContext context, BridgeOptions options, TokenScope scope)
    {
        var required = options.ApiToken is { Length: > 0 } && (scope == TokenScope.Control || options.RequireTokenForViewing);
        if (!required || TokenCheck.Matches(TokenCheck.Presented(context.Request), options.ApiToken!))
        {
            return null;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"mqttcam\"";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: "This endpoint needs 'Authorization: Bearer <token>' (Bridge:ApiToken).");
    }
}
