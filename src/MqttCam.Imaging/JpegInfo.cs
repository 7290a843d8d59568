namespace MqttCam.Imaging;

/// <summary>What a JPEG header says about the image, read without decoding the pixels.</summary>
public readonly record struct JpegInfo(int Width, int Height, JpegSubsampling Subsampling);
