using System.Reflection;

namespace MqttCam.Bridge.Endpoints;

/// <summary><c>GET /</c>: the single-file web page, embedded in the assembly so it ships with the binary.</summary>
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
        endpoints.MapGet("/", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-cache";
            return TypedResults.Bytes(s_page.Value, "text/html; charset=utf-8");
        });
        return endpoints;
    }
}
