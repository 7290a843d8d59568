using System.Buffers;
using MqttCam.Imaging;
using MqttCam.Core.Settings;

namespace MqttCam.Device.Preview;

/// <summary>
/// Makes the <c>preview</c> JPEG: the frame with its longest side at preview_size (never enlarged), by a DCT-scaled
/// decode and a resample (<see cref="JpegResizer"/>). Decode and resample buffers come from this maker's own small
/// pool and the JPEG is written into one reused writer, so a preview costs no garbage. One thread at a time.
/// </summary>
public sealed class PreviewMaker
{
    /// <summary>Largest frame made into a preview by default: 12.3 MP, as the motion detector (docs/limits.md).</summary>
    public const long DefaultMaxSourcePixels = 4056L * 3040;

    /// <summary>Largest DCT-scaled decode: 1/2 of 4K. A bigger source decodes at a smaller scale and the resample enlarges a little.</summary>
    public const long MaxDecodedPixels = 1920L * 1080;

    private readonly ArrayBufferWriter<byte> _output = new();
    private readonly ArrayPool<byte> _pool = ArrayPool<byte>.Create((int)MaxDecodedPixels * 3, 2);
    private readonly long _maxSourcePixels;

    public PreviewMaker(long maxSourcePixels = DefaultMaxSourcePixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSourcePixels);
        _maxSourcePixels = maxSourcePixels;
    }

    /// <summary>
    /// The preview of <paramref name="jpeg"/>, valid until the next call (copy it into the publish buffer).
    /// False, with a reason, for a frame that cannot be made into one (corrupt, CMYK, over the pixel budget).
    /// </summary>
    public bool TryMake(ReadOnlySpan<byte> jpeg, int previewSize, int quality, out ReadOnlyMemory<byte> preview, out string? refusal)
    {
        if (previewSize is < CameraSettingsSchema.MinPreviewSize or > CameraSettingsSchema.MaxPreviewSize)
        {
            throw new ArgumentOutOfRangeException(nameof(previewSize), previewSize, $"preview_size must be {CameraSettingsSchema.MinPreviewSize}..{CameraSettingsSchema.MaxPreviewSize}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        preview = default;
        if (!JpegCodec.TryReadInfo(jpeg, out JpegInfo info))
        {
            refusal = jpeg.IsEmpty ? "empty frame" : "not a readable JPEG header";
            return false;
        }

        if ((long)info.Width * info.Height > _maxSourcePixels)
        {
            refusal = $"frame is {info.Width}x{info.Height}; previews are made from at most {_maxSourcePixels} pixels";
            return false;
        }

        (int width, int height) = JpegResizer.FitWithin(info.Width, info.Height, previewSize, previewSize);
        _output.ResetWrittenCount();
        try
        {
            JpegResizer.Resize(jpeg, width, height, quality, MaxDecodedPixels, _pool, _output);
        }
        catch (JpegException ex)
        {
            refusal = ex.Message;
            return false;
        }

        preview = _output.WrittenMemory;
        refusal = null;
        return true;
    }
}
