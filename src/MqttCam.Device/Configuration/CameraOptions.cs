using MqttCam.Core.Cameras;

namespace MqttCam.Device.Configuration;

/// <summary>
/// The camera's identity and its starting settings (<c>Camera:*</c>). How frames are produced (source kind, paths,
/// ffmpeg input) is bound from the same section by <see cref="Capture.CaptureOptions"/>.
/// </summary>
public sealed class CameraOptions
{
    public const string SectionName = "Camera";

    /// <summary>Defaults to the host name, sanitised to <c>[a-zA-Z0-9_-]</c>.</summary>
    public string Id { get; set; } = CameraId.Sanitize(Environment.MachineName);

    public int Width { get; set; } = 1280;

    public int Height { get; set; } = 720;

    public double Fps { get; set; } = 10;

    public int Quality { get; set; } = 80;

    /// <summary>The starting <c>live</c> setting: <c>auto</c> (frames at the rate someone watches) or <c>always</c>.</summary>
    public string Live { get; set; } = "auto";
}
