namespace MqttCam.Bridge.Security;

/// <summary>What an endpoint does, which decides whether <c>Bridge:ApiToken</c> is required.</summary>
public enum TokenScope
{
    /// <summary>Frames, streams and the camera list: token only with <c>Bridge:RequireTokenForViewing</c>.</summary>
    Viewing,

    /// <summary>Capture and settings: token whenever <c>Bridge:ApiToken</c> is set.</summary>
    Control,
}
