using MqttCam.Bridge.Configuration;

namespace MqttCam.Bridge.Security;

/// <summary>Route groups behind <see cref="BearerTokenFilter"/>; like every endpoint's services, the options are resolved once, at map time.</summary>
internal static class TokenGroups
{
    public static RouteGroupBuilder MapTokenGroup(this IEndpointRouteBuilder endpoints, string prefix, TokenScope scope)
    {
        var group = endpoints.MapGroup(prefix);
        group.AddEndpointFilter(new BearerTokenFilter(endpoints.ServiceProvider.GetRequiredService<BridgeOptions>(), scope));
        return group;
    }
}
