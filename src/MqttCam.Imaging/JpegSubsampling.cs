namespace MqttCam.Imaging;

/// <summary>Chroma subsampling of a JPEG; values match TurboJPEG's TJSAMP_* constants.</summary>
public enum JpegSubsampling
{
    Yuv444 = 0,
    Yuv422 = 1,
    Yuv420 = 2,
    Gray = 3,
    Yuv440 = 4,
    Yuv411 = 5,
}
