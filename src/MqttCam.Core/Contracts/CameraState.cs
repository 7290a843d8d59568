using System.Text.Json.Nodes;

namespace MqttCam.Core.Contracts;

/// <summary>
/// The retained JSON on <c>&lt;prefix&gt;/&lt;id&gt;/state</c> (snake_case on the wire). Additive only: consumers
/// (Home Assistant templates, the bridge, Node-RED flows) read fields by name, so fields are never renamed.
/// </summary>
public sealed record CameraState
{
    public required string Id { get; init; }

    /// <summary>The frame source kind: testpattern, rpicam, ffmpeg, files, upload.</summary>
    public required string Source { get; init; }

    public required string Version { get; init; }

    public bool Streaming { get; init; }

    /// <summary>Publishing at the live rate now (live=always, a watch lease or motion); false while idle.</summary>
    public bool Live { get; init; }

    /// <summary>Active watch leases (<c>watch/&lt;consumer&gt;</c>).</summary>
    public int Watchers { get; init; }

    /// <summary>Motion is active (from motion start until motion_hold of quiet).</summary>
    public bool Motion { get; init; }

    /// <summary>Every setting in effect, keyed by setting name (see docs/mqtt-api.md).</summary>
    public required JsonObject Settings { get; init; }

    /// <summary>Settings this source applies without interrupting frames.</summary>
    public IReadOnlyList<string> LiveSettings { get; init; } = [];

    /// <summary>Settings whose change restarts the capture process (a short gap in frames).</summary>
    public IReadOnlyList<string> RestartSettings { get; init; } = [];

    /// <summary>Measured frames per second published over the last few seconds.</summary>
    public double Fps { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public long FramesCaptured { get; init; }

    public long FramesSent { get; init; }

    public long BytesSent { get; init; }

    /// <summary>Frames skipped because the broker or network could not keep up (never queued stale).</summary>
    public long FramesDropped { get; init; }

    public long LastFrameBytes { get; init; }

    public DateTimeOffset? LastFrameAt { get; init; }

    /// <summary>When the last <c>capture</c> command produced a snapshot.</summary>
    public DateTimeOffset? LastCaptureAt { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public double UptimeSeconds { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>SoC temperature in °C where the platform reports one (Raspberry Pi), otherwise null.</summary>
    public double? CpuTemperature { get; init; }

    /// <summary>Raspberry Pi throttling flags (vcgencmd get_throttled), null elsewhere.</summary>
    public ThrottleState? Throttled { get; init; }

    /// <summary>Exposure actually used by the sensor where the source reports it, and whether it is locked.</summary>
    public ExposureState? Exposure { get; init; }

    /// <summary>The timelapse, when one has been started since the device started.</summary>
    public TimelapseState? Timelapse { get; init; }
}
