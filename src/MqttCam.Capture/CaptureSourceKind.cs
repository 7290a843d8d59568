namespace MqttCam.Capture;

/// <summary>Where frames come from (config <c>Camera:Source</c>).</summary>
public enum CaptureSourceKind
{
    /// <summary>A generated moving picture: no hardware needed.</summary>
    TestPattern,

    /// <summary>The Raspberry Pi camera through <c>rpicam-vid</c> (or <c>libcamera-vid</c>).</summary>
    Rpicam,

    /// <summary>Any ffmpeg input (USB camera, RTSP, a file) converted to MJPEG.</summary>
    Ffmpeg,

    /// <summary>A folder of JPEG files replayed in name order, looping.</summary>
    Files,
}
