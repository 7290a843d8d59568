namespace MqttCam.Capture;

/// <summary>Whether the ffmpeg source passes the input's JPEGs through (<c>-c:v copy</c>) or re-encodes them.</summary>
public enum FfmpegCopyMode
{
    /// <summary>Copy when ffprobe says the input is MJPEG at the requested size and no flip/rotation is wanted.</summary>
    Auto,

    /// <summary>Always copy: size, fps-by-encoder, quality and flips are then up to the input.</summary>
    Always,

    /// <summary>Always decode, scale and re-encode.</summary>
    Never,
}
