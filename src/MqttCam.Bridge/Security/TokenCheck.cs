using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace MqttCam.Bridge.Security;

/// <summary>Compares a presented token with the configured one in constant time (hashing first hides the length).</summary>
public static class TokenCheck
{
    public static bool Matches(string? presented, string expected)
    {
        if (presented is null)
        {
            return false;
        }

        Span<byte> a = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> b = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), a);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    /// <summary>The bearer token of the request; on GETs also <c>?token=</c>, because browsers cannot set headers on img/WebSocket.</summary>
    public static string? Presented(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[HeaderNames.Authorization].ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            ? request.Query["token"].ToString() is { Length: > 0 } query ? query : null
            : null;
    }
}
