using MqttCam.Imaging;

namespace MqttCam.Bridge.Ingest;

/// <summary>
/// The cheap check applied to every received image: a JPEG header libturbojpeg can read and an end-of-image marker,
/// so truncated uploads are refused too (a header-only check accepts them).
/// </summary>
public static class FrameValidation
{
    public static bool TryValidate(ReadOnlySpan<byte> payload, int maxBytes, out JpegInfo info, out string reason)
    {
        info = default;
        if (payload.Length == 0)
        {
            reason = "empty payload";
            return false;
        }

        if (payload.Length > maxBytes)
        {
            reason = $"{payload.Length} bytes is over the limit of {maxBytes} (Bridge:MaxImageBytes)";
            return false;
        }

        if (payload.Length < 4 || payload[0] != 0xFF || payload[1] != 0xD8)
        {
            reason = "not a JPEG (no start-of-image marker FF D8)";
            return false;
        }

        var end = payload.TrimEnd((byte)0);
        if (end.Length < 2 || end[^2] != 0xFF || end[^1] != 0xD9)
        {
            reason = "truncated JPEG (no end-of-image marker FF D9)";
            return false;
        }

        if (!JpegCodec.TryReadInfo(payload, out info))
        {
            reason = "corrupt JPEG header";
            return false;
        }

        reason = string.Empty;
        return true;
    }
}
