using System.Text;
using MqttCam.Core.Cameras;

namespace MqttCam.Bridge.Serving;

/// <summary>One plain live.jpeg or stream.mjpeg request the fast path may answer itself.</summary>
/// <param name="CameraId">The camera named in the path, or <see cref="string.Empty"/> for <c>/live.jpeg</c> (the default camera).</param>
/// <param name="Head">HEAD rather than GET.</param>
/// <param name="Length">Bytes of the request (request line through the blank line).</param>
/// <param name="Stream">stream.mjpeg (GET only) rather than live.jpeg.</param>
internal readonly record struct LiveRequest(string CameraId, bool Head, int Length, bool Stream = false);

/// <summary>
/// Recognises only the most plain form of <c>GET|HEAD /live.jpeg</c> or <c>/cameras/{id}/live.jpeg</c> (and
/// <c>GET [/cameras/{id}]/stream.mjpeg</c>) over HTTP/1.1:
/// complete in the bytes given, no query, no body, no conditional, no upgrade, keep-alive, one Host, strictly valid
/// header syntax. Anything else (including what Kestrel would refuse) is "not ours" and goes to Kestrel untouched,
/// so the fast path can never answer something the normal pipeline would have answered differently.
/// </summary>
internal static class LiveRequestParser
{
    /// <summary>Larger requests are left to Kestrel (its limits, its 431).</summary>
    public const int MaxRequestBytes = 8 * 1024;

    private const int MaxHeaders = 64;

    private static ReadOnlySpan<byte> Get => "GET "u8;

    private static ReadOnlySpan<byte> HeadMethod => "HEAD "u8;

    private static ReadOnlySpan<byte> CamerasPrefix => "/cameras/"u8;

    private static ReadOnlySpan<byte> LiveSuffix => "/live.jpeg"u8;

    private static ReadOnlySpan<byte> StreamSuffix => "/stream.mjpeg"u8;

    private static ReadOnlySpan<byte> Version => " HTTP/1.1\r\n"u8;

    /// <summary>True when <paramref name="data"/> starts with a complete request the fast path answers.</summary>
    /// <param name="data">The connection's unread bytes (at most <see cref="MaxRequestBytes"/> are looked at).</param>
    /// <param name="lastCameraId">The id of the connection's previous request, reused instead of a new string.</param>
    /// <param name="request">The request when true.</param>
    public static bool TryParse(ReadOnlySpan<byte> data, string? lastCameraId, out LiveRequest request)
    {
        request = default;
        if (data.Length > MaxRequestBytes)
        {
            data = data[..MaxRequestBytes];
        }

        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        var length = end + 4;
        var head = data.StartsWith(HeadMethod);
        if (!head && !data.StartsWith(Get))
        {
            return false;
        }

        var rest = data[(head ? HeadMethod.Length : Get.Length)..length];
        var lineEnd = rest.IndexOf("\r\n"u8);
        var space = rest.IndexOf((byte)' ');
        if (space < 0 || space > lineEnd || !rest[space..].StartsWith(Version))
        {
            return false;
        }

        var path = rest[..space];
        var stream = path.EndsWith(StreamSuffix);
        if ((stream && head) || !TryCameraOfPath(path, stream ? StreamSuffix : LiveSuffix, lastCameraId, out var cameraId))
        {
            return false;
        }

        if (!HeadersAreOurs(rest[(space + Version.Length)..]))
        {
            return false;
        }

        request = new LiveRequest(cameraId, head, length, stream);
        return true;
    }

    private static bool TryCameraOfPath(ReadOnlySpan<byte> path, ReadOnlySpan<byte> suffix, string? lastCameraId, out string cameraId)
    {
        cameraId = string.Empty;
        if (path.SequenceEqual(suffix))
        {
            return true;
        }

        if (!path.StartsWith(CamerasPrefix) || !path.EndsWith(suffix))
        {
            return false;
        }

        var id = path[CamerasPrefix.Length..^suffix.Length];
        if (id.Length is 0 or > CameraId.MaxLength)
        {
            return false;
        }

        foreach (var b in id)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'-'))
            {
                return false;
            }
        }

        cameraId = lastCameraId is not null && Ascii.Equals(id, lastCameraId) ? lastCameraId : Encoding.ASCII.GetString(id);
        return CameraId.IsValid(cameraId);
    }

    /// <summary>The header block (each line "name: value\r\n", then "\r\n") is strictly valid and asks for nothing special.</summary>
    private static bool HeadersAreOurs(ReadOnlySpan<byte> block)
    {
        var hosts = 0;
        var count = 0;
        while (true)
        {
            var lineEnd = block.IndexOf("\r\n"u8);
            if (lineEnd == 0)
            {
                return hosts == 1;
            }

            if (lineEnd < 0 || ++count > MaxHeaders)
            {
                return false;
            }

            var line = block[..lineEnd];
            block = block[(lineEnd + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || !IsToken(line[..colon]) || !IsFieldValue(line[(colon + 1)..]))
            {
                return false;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "Host"u8))
            {
                if (++hosts > 1 || !IsHost(value))
                {
                    return false;
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                if (!Ascii.EqualsIgnoreCase(value, "keep-alive"u8))
                {
                    return false;
                }
            }
            else if (IsLeftToKestrel(name))
            {
                return false;
            }
        }
    }

    /// <summary>Bodies, conditionals, upgrades and credentials: Kestrel and the endpoint handle those.</summary>
    private static bool IsLeftToKestrel(ReadOnlySpan<byte> name) =>
        Ascii.EqualsIgnoreCase(name, "Content-Length"u8)
        || Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8)
        || Ascii.EqualsIgnoreCase(name, "Expect"u8)
        || Ascii.EqualsIgnoreCase(name, "Upgrade"u8)
        || Ascii.EqualsIgnoreCase(name, "If-None-Match"u8)
        || Ascii.EqualsIgnoreCase(name, "If-Match"u8)
        || Ascii.EqualsIgnoreCase(name, "Authorization"u8)
        || Ascii.EqualsIgnoreCase(name, "HTTP2-Settings"u8);

    private static bool IsToken(ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || "!#$%&'*+-.^_`|~"u8.Contains(b)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Visible ASCII, space and tab only (no obs-text, no control bytes).</summary>
    private static bool IsFieldValue(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if (b is not ((>= 0x20 and <= 0x7E) or (byte)'\t'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHost(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var b in value)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'-' or (byte)':' or (byte)'[' or (byte)']' or (byte)'_'))
            {
                return false;
            }
        }

        return true;
    }
}
