namespace MqttCam.Imaging;

/// <summary>Layout of one decoded pixel in memory.</summary>
public enum PixelFormat
{
    /// <summary>3 bytes: R, G, B.</summary>
    Rgb24,

    /// <summary>1 byte: luminance.</summary>
    Gray8,

    /// <summary>3 bytes: B, G, R.</summary>
    Bgr24,

    /// <summary>4 bytes: R, G, B, unused (255 when decoded).</summary>
    Rgbx32,
}
