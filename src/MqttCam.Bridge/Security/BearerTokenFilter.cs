using Microsoft.Extensions.Options;
using MqttCam.Bridge.Configuration;

namespace MqttCam.Bridge.Security;

/// <summary>Endpoint filter enforcing <c>Bridge:ApiToken</c> for a <see cref="TokenScope"/>: 401 with a WWW-Authenticate challenge.</summary>
internal sealed class BearerTokenFilter : IEndpointFilter
{
    private readonly TokenScope _scope;

    public BearerTokenFilter(TokenScope scope)
    {
        _scope = scope;
    }

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<BridgeOptions>>().Value;
        var required = options.ApiToken is { Length: > 0 } && (_scope == TokenScope.Control || options.RequireTokenForViewing);
        if (!required || TokenCheck.Matches(TokenCheck.Presented(context.HttpContext.Request), options.ApiToken!))
        {
            return next(context);
        }

        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer realm=\"mqttcam\"";
        return ValueTask.FromResult<object?>(TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: "This endpoint needs 'Authorization: Bearer <token>' (Bridge:ApiToken)."));
    }
}
