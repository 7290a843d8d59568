using System.Text;
using System.Text.RegularExpressions;

namespace MqttCam.Core.Cameras;

/// <summary>
/// Camera ids appear in MQTT topics, Home Assistant unique ids and URLs, so they are restricted to a set that is safe in
/// all three (Home Assistant's discovery topic matcher accepts exactly <c>[a-zA-Z0-9_-]</c>).
/// </summary>
public static partial class CameraId
{
    public const int MaxLength = 64;

    public const string AllowedDescription = "1-64 characters from a-z, A-Z, 0-9, '_' and '-'";

    public static bool IsValid(string? id) => id is { Length: > 0 and <= MaxLength } && ValidPattern().IsMatch(id);

    /// <summary>Turns a host name such as <c>pi-cam.local</c> into a valid id (<c>pi-cam_local</c>).</summary>
    public static string Sanitize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(Math.Min(name.Length, MaxLength));
        foreach (var c in name)
        {
            if (builder.Length == MaxLength)
            {
                break;
            }

            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return builder.Length == 0 ? "camera" : builder.ToString();
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidPattern();
}
