using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using MqttCam.Bridge.Cameras;
using MqttCam.Core.Cameras;

namespace MqttCam.Bridge.WebPage;

/// <summary>
/// <c>GET /</c> (every camera) and <c>GET /cameras/{id}</c> (one camera): the single-file web page, embedded in the
/// assembly so it ships with the binary. The page reads the path to pick the view; <c>/cameras/{id}/…</c> stays the API.
/// </summary>
public static class WebPageEndpoints
{
    private static readonly Lazy<byte[]> s_page = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("MqttCam.Bridge.WebPage.index.html")
            ?? throw new InvalidOperationException("The web page resource is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IEndpointRouteBuilder MapWebPage(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/", (HttpContext context) => Page(context));

        // An unknown but valid id still gets the page: it says so, and the camera may publish later.
        endpoints.MapGet("/cameras/{id}", (HttpContext context, string id) => CameraId.IsValid(id)
            ? (IResult)Page(context)
            : CameraLookup.InvalidId());
        return endpoints;
    }

    private static FileContentHttpResult Page(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Bytes(s_page.Value, "text/html; charset=utf-8");
    }
}
