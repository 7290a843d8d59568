using System.Diagnostics.CodeAnalysis;

namespace MqttCam.Bridge;

/// <summary>
/// The one way an endpoint file gets its services: its routes call a handler object made here once, at map time, with
/// the singletons it needs as constructor parameters. Nothing is resolved per request, so the hot paths pay nothing for
/// it, and a handler's constructor lists what the endpoint depends on.
/// </summary>
internal static class EndpointHandlers
{
    public static T Create<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return ActivatorUtilities.CreateInstance<T>(endpoints.ServiceProvider);
    }
}
