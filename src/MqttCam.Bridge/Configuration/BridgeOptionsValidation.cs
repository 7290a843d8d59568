using MqttCam.Core.Cameras;
using MqttCam.Core.Configuration;

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

        ConfigurationRange.Check(errors, "Bridge:MaxImageBytes", options.MaxImageBytes, 1024, 256 * 1024 * 1024);

        if (!double.IsFinite(options.CommandTimeoutSeconds) || options.CommandTimeoutSeconds is <= 0 or > 600)
        {
            errors.Add($"Bridge:CommandTimeoutSeconds: must be more than 0 and at most 600 (got {options.CommandTimeoutSeconds})");
        }

        if (!double.IsFinite(options.StaleAfterSeconds) || options.StaleAfterSeconds is <= 0 or > 86400)
        {
            errors.Add($"Bridge:StaleAfterSeconds: must be more than 0 and at most 86400 (got {options.StaleAfterSeconds})");
        }

        if (options.LiveSendfile && !OperatingSystem.IsLinux())
        {
            errors.Add("Bridge:LiveSendfile: needs Linux (memfd and sendfile)");
        }

        ConfigurationRange.Check(errors, "Bridge:MaxResizeWidth", options.MaxResizeWidth, 16, 16384);
        ConfigurationRange.Check(errors, "Bridge:MaxResizeHeight", options.MaxResizeHeight, 16, 16384);
        ConfigurationRange.Check(errors, "Bridge:MaxResizedVariants", options.MaxResizedVariants, 1, 64);
        ConfigurationRange.Check(errors, "Bridge:ResizeQuality", options.ResizeQuality, 1, 100);
        ConfigurationRange.Check(errors, "Bridge:MaxCameras", options.MaxCameras, 1, 100_000);
        ConfigurationRange.Check(errors, "Bridge:CameraIdleSeconds", options.CameraIdleSeconds, 1.0, 7 * 86400, " seconds");
        ConfigurationRange.Check(errors, "Bridge:StreamStallSeconds", options.StreamStallSeconds, 0.1, 3600, " seconds");
        ConfigurationRange.Check(errors, "Bridge:IngestOfflineAfterSeconds", options.IngestOfflineAfterSeconds, 0.1, 86400, " seconds");
        ConfigurationRange.Check(errors, "Bridge:LeaseSeconds", options.LeaseSeconds, 2, 86400, " seconds");
        ConfigurationRange.Check(errors, "Bridge:MaxDecodePixels", options.MaxDecodePixels, 64 * 64, 268_435_456);
        return errors;
    }
}
