using System.Globalization;
using MqttCam.Cameras;

namespace MqttCam.Bridge.Configuration;

/// <summary>One clear message per bad key, named as written in configuration (<c>Bridge:TcpIngestPort</c>).</summary>
public static class BridgeOptionsValidation
{
    public static IReadOnlyList<string> Validate(BridgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!string.IsNullOrEmpty(options.DefaultCamera) && !CameraId.IsValid(options.DefaultCamera))
        {
            errors.Add($"Bridge:DefaultCamera: must be {CameraId.AllowedDescription} (got '{options.DefaultCamera}')");
        }

        if (!CameraId.IsValid(options.UploadCamera))
        {
            errors.Add($"Bridge:UploadCamera: must be {CameraId.AllowedDescription} (got '{options.UploadCamera}')");
        }

        if (options.ApiToken is { } token && (token.Length < 8 || token.Any(char.IsWhiteSpace)))
        {
            errors.Add("Bridge:ApiToken: must be at least 8 characters without spaces");
        }

        if (options.RequireTokenForViewing && string.IsNullOrEmpty(options.ApiToken))
        {
            errors.Add("Bridge:RequireTokenForViewing: needs Bridge:ApiToken");
        }

        if (options.UploadPassword is { Length: 0 })
        {
            errors.Add("Bridge:UploadPassword: must not be empty (leave it unset to disable uploads)");
        }

        if (options.TcpIngestPort is < 0 or > 65535)
        {
            errors.Add($"Bridge:TcpIngestPort: must be from 0 (off) to 65535 (got {options.TcpIngestPort})");
        }

        if (!System.Net.IPAddress.TryParse(options.TcpIngestAddress, out _))
        {
            errors.Add($"Bridge:TcpIngestAddress: must be an IP address such as 0.0.0.0 (got '{options.TcpIngestAddress}')");
        }

        if (options.MirrorDirectory is { Length: 0 })
        {
            errors.Add("Bridge:MirrorDirectory: must not be empty (leave it unset to disable the mirror)");
        }

        if (options.MaxImageBytes is < 1024 or > 256 * 1024 * 1024)
        {
            errors.Add($"Bridge:MaxImageBytes: must be from 1024 to 268435456 (got {options.MaxImageBytes})");
        }

        if (!double.IsFinite(options.CommandTimeoutSeconds) || options.CommandTimeoutSeconds is <= 0 or > 600)
        {
            errors.Add($"Bridge:CommandTimeoutSeconds: must be more than 0 and at most 600 (got {options.CommandTimeoutSeconds})");
        }

        if (!double.IsFinite(options.StaleAfterSeconds) || options.StaleAfterSeconds is <= 0 or > 86400)
        {
            errors.Add($"Bridge:StaleAfterSeconds: must be more than 0 and at most 86400 (got {options.StaleAfterSeconds})");
        }

        if (options.MaxResizeWidth is < 16 or > 16384)
        {
            errors.Add($"Bridge:MaxResizeWidth: must be from 16 to 16384 (got {options.MaxResizeWidth})");
        }

        if (options.MaxResizeHeight is < 16 or > 16384)
        {
            errors.Add($"Bridge:MaxResizeHeight: must be from 16 to 16384 (got {options.MaxResizeHeight})");
        }

        if (options.MaxResizedVariants is < 1 or > 64)
        {
            errors.Add($"Bridge:MaxResizedVariants: must be from 1 to 64 (got {options.MaxResizedVariants})");
        }

        if (options.ResizeQuality is < 1 or > 100)
        {
            errors.Add($"Bridge:ResizeQuality: must be from 1 to 100 (got {options.ResizeQuality})");
        }

        if (options.LiveSendfile && !OperatingSystem.IsLinux())
        {
            errors.Add("Bridge:LiveSendfile: needs Linux (memfd and sendfile)");
        }

        if (options.MaxCameras is < 1 or > 100_000)
        {
            errors.Add($"Bridge:MaxCameras: must be from 1 to 100000 (got {options.MaxCameras})");
        }

        Seconds(errors, "CameraIdleSeconds", options.CameraIdleSeconds, 1, 7 * 86400);
        Seconds(errors, "StreamStallSeconds", options.StreamStallSeconds, 0.1, 3600);
        Seconds(errors, "IngestOfflineAfterSeconds", options.IngestOfflineAfterSeconds, 0.1, 86400);
        if (options.LeaseSeconds is < 2 or > 86400)
        {
            errors.Add($"Bridge:LeaseSeconds: must be from 2 to 86400 seconds (got {options.LeaseSeconds})");
        }

        if (options.MaxDecodePixels is < 64 * 64 or > 268_435_456)
        {
            errors.Add($"Bridge:MaxDecodePixels: must be from 4096 to 268435456 (got {options.MaxDecodePixels})");
        }

        return errors;
    }

    private static void Seconds(List<string> errors, string key, double value, double minimum, double maximum)
    {
        if (!double.IsFinite(value) || value < minimum || value > maximum)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Bridge:{key}: must be from {minimum} to {maximum} seconds (got {value})"));
        }
    }
}
