using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using MqttCam.Imaging.Internal;
using MqttCam.Imaging.Interop;

namespace MqttCam.Imaging;

/// <summary>
/// JPEG encode/decode over libturbojpeg. Safe to call from many threads at once (each thread has its own handles).
/// </summary>
/// <remarks>
/// Warning policy: libjpeg-turbo reports some damage (truncation, bad Huffman codes, extraneous bytes) as a
/// "warning" and still fills the image. For a camera feed a frame with missing or garbled data is worse than no
/// frame, so every decode warning is raised as a <see cref="JpegException"/> (with <see cref="JpegException.IsWarning"/>
/// set) and decoding stops at the first one.
/// </remarks>
public static unsafe class JpegCodec
{
    /// <summary>Largest width or height accepted for encoding, decoding and resizing.</summary>
    public const int MaxDimension = 16384;

    private static readonly Lazy<JpegScale[]> s_scales = new(LoadScalingFactors);

    // Largest first; all four are in every libjpeg-turbo's list (checked by the tests).
    private static readonly JpegScale[] s_fastScales = [JpegScale.Full, JpegScale.Half, JpegScale.Quarter, JpegScale.Eighth];

    /// <summary>The DCT scaling factors libjpeg-turbo supports, largest first (2/1 ... 1/8).</summary>
    public static IReadOnlyList<JpegScale> SupportedScales => s_scales.Value;

    public static JpegInfo ReadInfo(ReadOnlySpan<byte> jpeg)
    {
        if (!TryReadHeader(jpeg, out JpegInfo info, out JpegException? error))
        {
            throw error;
        }

        return info;
    }

    /// <summary>Header-only validation (microseconds): false for empty, non-JPEG or corrupt headers.</summary>
    public static bool TryReadInfo(ReadOnlySpan<byte> jpeg, out JpegInfo info) => TryReadHeader(jpeg, out info, out _);

    /// <summary>
    /// The smallest of the fast scales (1/1, 1/2, 1/4, 1/8) whose output is still at least
    /// <paramref name="targetWidth"/> x <paramref name="targetHeight"/>. The other factors libjpeg-turbo offers
    /// (7/8 ... 3/8) have no SIMD inverse DCT and measured 2-4x slower than a full decode (docs/benchmarks.md, "JPEG"),
    /// so they are never chosen. Only down-scales: a target larger than the source gives <see cref="JpegScale.Full"/>
    /// and the caller upsamples.
    /// </summary>
    public static JpegScale ChooseScale(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight)
    {
        ImageLimits.ValidateSize(sourceWidth, sourceHeight, nameof(sourceWidth), nameof(sourceHeight));
        ImageLimits.ValidateSize(targetWidth, targetHeight, nameof(targetWidth), nameof(targetHeight));

        JpegScale best = JpegScale.Full;
        foreach (JpegScale scale in s_fastScales)
        {
            if (scale.Apply(sourceWidth) < targetWidth || scale.Apply(sourceHeight) < targetHeight)
            {
                break;
            }

            best = scale;
        }

        return best;
    }

    public static RawImage Decode(ReadOnlySpan<byte> jpeg, PixelFormat format = PixelFormat.Rgb24) =>
        Decode(jpeg, JpegScale.Full, format);

    /// <summary>Decodes at a DCT scale: the result is scale.Apply(width) x scale.Apply(height).</summary>
    public static RawImage Decode(ReadOnlySpan<byte> jpeg, JpegScale scale, PixelFormat format = PixelFormat.Rgb24)
    {
        ValidateScale(scale);
        _ = format.BytesPerPixel(); // rejects unknown formats before any work
        JpegInfo info = ReadInfo(jpeg);
        (int width, int height) = ScaledSize(info, scale);
        var image = new RawImage(width, height, format);
        DecodeCore(jpeg, width, height, format, image.Pixels, image.Stride);
        return image;
    }

    /// <summary>Decodes into caller memory (no allocation); <paramref name="destination"/> must hold the scaled image.</summary>
    public static void Decode(ReadOnlySpan<byte> jpeg, JpegScale scale, PixelFormat format, Span<byte> destination, int stride)
    {
        ValidateScale(scale);
        int bytesPerPixel = format.BytesPerPixel();
        JpegInfo info = ReadInfo(jpeg);
        (int width, int height) = ScaledSize(info, scale);
        ImageLimits.ValidateBuffer(destination.Length, width, height, stride, bytesPerPixel, nameof(destination));
        DecodeCore(jpeg, width, height, format, destination, stride);
    }

    /// <summary>
    /// Encodes pixels to a new JPEG array. <see cref="PixelFormat.Gray8"/> input always gives a grayscale JPEG
    /// (libjpeg cannot make a colour JPEG from gray samples); colour input with <see cref="JpegSubsampling.Gray"/>
    /// is converted to gray.
    /// </summary>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, int stride, PixelFormat format, int quality, JpegSubsampling subsampling = JpegSubsampling.Yuv420)
    {
        int capacity = ValidateEncode(pixels, width, height, stride, format, quality, ref subsampling);
        byte[] scratch = ArrayPool<byte>.Shared.Rent(capacity);
        try
        {
            int written = EncodeCore(pixels, width, height, stride, format, quality, subsampling, scratch);
            return scratch.AsSpan(0, written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Encodes straight into the writer's memory (no intermediate copy); returns the JPEG length.</summary>
    public static int Encode(ReadOnlySpan<byte> pixels, int width, int height, int stride, PixelFormat format, int quality, JpegSubsampling subsampling, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        int capacity = ValidateEncode(pixels, width, height, stride, format, quality, ref subsampling);

        // tjBufSize is the worst case, so with NOREALLOC the library never writes past it.
        Span<byte> target = destination.GetSpan(capacity);
        if (target.Length < capacity)
        {
            throw new InvalidOperationException($"The buffer writer returned {target.Length} bytes after being asked for {capacity}.");
        }

        int written = EncodeCore(pixels, width, height, stride, format, quality, subsampling, target);
        destination.Advance(written);
        return written;
    }

    public static byte[] Encode(RawImage image, int quality, JpegSubsampling subsampling = JpegSubsampling.Yuv420)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Encode(image.Pixels, image.Width, image.Height, image.Stride, image.Format, quality, subsampling);
    }

    // The exception is built (not thrown) on failure only, so TryReadInfo stays exception-free.
    private static bool TryReadHeader(ReadOnlySpan<byte> jpeg, out JpegInfo info, [NotNullWhen(false)] out JpegException? error)
    {
        info = default;
        error = null;
        if (jpeg.IsEmpty)
        {
            error = new JpegException("Cannot read a JPEG header from an empty buffer.");
            return false;
        }

        SafeTurboJpegHandle handle = TurboJpegLibrary.Decompressor;
        int width, height, subsampling, colorspace;
        int rc;
        fixed (byte* source = jpeg)
        {
            rc = TurboJpeg.tjDecompressHeader3(handle, source, new CULong((nuint)jpeg.Length), &width, &height, &subsampling, &colorspace);
        }

        if (rc != 0)
        {
            (string text, bool isWarning) = TurboJpegLibrary.TakeLastError(handle);
            error = new JpegException($"Reading the JPEG header failed: {text}", text, isWarning);
            return false;
        }

        // Newer libraries report an unusual subsampling as -1 instead of failing; we cannot use it either.
        if (width <= 0 || height <= 0 || subsampling is < 0 or > (int)JpegSubsampling.Yuv411)
        {
            error = new JpegException($"Reading the JPEG header failed: unsupported image ({width}x{height}, subsampling {subsampling}).");
            return false;
        }

        info = new JpegInfo(width, height, (JpegSubsampling)subsampling);
        return true;
    }

    private static void DecodeCore(ReadOnlySpan<byte> jpeg, int width, int height, PixelFormat format, Span<byte> destination, int stride)
    {
        SafeTurboJpegHandle handle = TurboJpegLibrary.Decompressor;
        int rc;
        fixed (byte* source = jpeg)
        fixed (byte* target = destination)
        {
            // Passing the scaled size makes tjDecompress2 pick exactly that DCT scale.
            rc = TurboJpeg.tjDecompress2(handle, source, new CULong((nuint)jpeg.Length), target, width, stride, height, format.ToTurboJpeg(), TurboJpeg.TJFLAG_STOPONWARNING);
        }

        if (rc != 0)
        {
            TurboJpegLibrary.ThrowLastError(handle, "Decoding the JPEG");
        }
    }

    private static int ValidateEncode(ReadOnlySpan<byte> pixels, int width, int height, int stride, PixelFormat format, int quality, ref JpegSubsampling subsampling)
    {
        ImageLimits.ValidateSize(width, height);
        ImageLimits.ValidateQuality(quality);
        if (subsampling is < JpegSubsampling.Yuv444 or > JpegSubsampling.Yuv411)
        {
            throw new ArgumentOutOfRangeException(nameof(subsampling), subsampling, "Unknown JPEG subsampling.");
        }

        ImageLimits.ValidateBuffer(pixels.Length, width, height, stride, format.BytesPerPixel(), nameof(pixels));
        if (format == PixelFormat.Gray8)
        {
            subsampling = JpegSubsampling.Gray;
        }

        TurboJpegLibrary.EnsureLoaded();
        ulong size = TurboJpeg.tjBufSize(width, height, (int)subsampling).Value;
        // tjBufSize reports errors as (unsigned long)-1, which this check also rejects.
        if (size > (ulong)Array.MaxLength)
        {
            throw new ArgumentException($"A {width}x{height} JPEG needs a worst-case buffer that is too large.", nameof(width));
        }

        return (int)size;
    }

    private static int EncodeCore(ReadOnlySpan<byte> pixels, int width, int height, int stride, PixelFormat format, int quality, JpegSubsampling subsampling, Span<byte> target)
    {
        SafeTurboJpegHandle handle = TurboJpegLibrary.Compressor;
        int rc;
        CULong size = new((nuint)target.Length);
        fixed (byte* source = pixels)
        fixed (byte* output = target)
        {
            byte* buffer = output;
            rc = TurboJpeg.tjCompress2(handle, source, width, stride, height, format.ToTurboJpeg(), &buffer, &size, (int)subsampling, quality, TurboJpeg.TJFLAG_NOREALLOC);
            if (rc == 0 && buffer != output)
            {
                // Cannot happen with NOREALLOC; guard anyway so a library change could never leak or lose a frame.
                TurboJpeg.tjFree(buffer);
                throw new JpegException("TurboJPEG ignored TJFLAG_NOREALLOC and allocated its own buffer.");
            }
        }

        if (rc != 0)
        {
            TurboJpegLibrary.ThrowLastError(handle, "Encoding the JPEG");
        }

        return checked((int)size.Value);
    }

    private static (int Width, int Height) ScaledSize(JpegInfo info, JpegScale scale)
    {
        if (info.Width > MaxDimension || info.Height > MaxDimension)
        {
            throw new JpegException($"The JPEG is {info.Width}x{info.Height}; images larger than {MaxDimension} in either dimension are rejected.");
        }

        int width = scale.Apply(info.Width);
        int height = scale.Apply(info.Height);
        if (width > MaxDimension || height > MaxDimension)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"Scaling {info.Width}x{info.Height} by {scale} exceeds {MaxDimension}.");
        }

        return (width, height);
    }

    private static void ValidateScale(JpegScale scale)
    {
        if (Array.IndexOf(s_scales.Value, scale) < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"Unsupported JPEG scale; use one of {string.Join(", ", s_scales.Value)}.");
        }
    }

    private static JpegScale[] LoadScalingFactors()
    {
        TurboJpegLibrary.EnsureLoaded();
        int count;
        TjScalingFactor* factors = TurboJpeg.tjGetScalingFactors(&count);
        if (factors is null || count <= 0)
        {
            throw new JpegException("tjGetScalingFactors returned no scaling factors.");
        }

        var scales = new JpegScale[count];
        for (int i = 0; i < count; i++)
        {
            scales[i] = new JpegScale(factors[i].num, factors[i].denom);
        }

        // Largest first, whatever order the library uses.
        Array.Sort(scales, static (a, b) => ((long)b.Numerator * a.Denominator).CompareTo((long)a.Numerator * b.Denominator));
        return scales;
    }
}
