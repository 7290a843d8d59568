namespace MqttCam.Core.Contracts;

/// <summary>The device's timelapse, reported in the state (<c>timelapse</c>) and by <c>timelapse_status</c>.</summary>
public sealed record TimelapseState
{
    public bool Active { get; init; }

    /// <summary>"every 30 s", "every minute", "at 08:00, 12:00" ...</summary>
    public string? Schedule { get; init; }

    public string? Name { get; init; }

    public DateTimeOffset? NextAt { get; init; }

    /// <summary>Stills written since the timelapse started.</summary>
    public long Captured { get; init; }

    public string? LastFile { get; init; }

    public DateTimeOffset? LastFileAt { get; init; }

    /// <summary>Stills deleted by retention (max files / bytes / age).</summary>
    public long Deleted { get; init; }

    public string? LastError { get; init; }
}
