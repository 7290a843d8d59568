namespace MqttCam.Device.Configuration;

/// <summary>The <c>Device</c> section: where the device keeps its files and how often it reports.</summary>
public sealed class DeviceOptions
{
    public const string SectionName = "Device";

    /// <summary>
    /// Settings changed over MQTT are kept here so they survive a restart. Defaults to systemd's
    /// <c>$STATE_DIRECTORY</c> when run as a service, otherwise <c>~/.local/state/mqttcam</c>.
    /// </summary>
    public string? StateDirectory { get; set; }

    /// <summary>Where <c>capture</c> with <c>"save": true</c> writes files. Defaults to <c>&lt;StateDirectory&gt;/captures</c>.</summary>
    public string? CaptureDirectory { get; set; }

    /// <summary>File name pattern for saved captures (tokens: {id}, {counter}, {sequence}, {timestamp}, {utc}).</summary>
    public string CaptureFileName { get; set; } = "{id}-{timestamp:yyyyMMdd-HHmmss}-{sequence}.jpg";

    /// <summary>How often the retained state is refreshed even when nothing changed (fps, uptime, temperature).</summary>
    public double StateIntervalSeconds { get; set; } = 10;

    /// <summary>How long <c>capture</c> waits for the next frame before answering with an error.</summary>
    public double CaptureTimeoutSeconds { get; set; } = 15;

    /// <summary>How long a watch lease without an MQTT 5 message expiry (an MQTT 3.1.1 consumer) lasts.</summary>
    public double WatchLeaseSeconds { get; set; } = 60;

    public string ResolveStateDirectory()
    {
        if (!string.IsNullOrWhiteSpace(StateDirectory))
        {
            return Path.GetFullPath(StateDirectory);
        }

        var systemd = Environment.GetEnvironmentVariable("STATE_DIRECTORY");
        if (!string.IsNullOrWhiteSpace(systemd))
        {
            // systemd may pass several colon-separated directories; the first is ours.
            return systemd.Split(':')[0];
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state", "mqttcam");
    }

    public string ResolveCaptureDirectory() =>
        string.IsNullOrWhiteSpace(CaptureDirectory) ? Path.Combine(ResolveStateDirectory(), "captures") : Path.GetFullPath(CaptureDirectory);
}
