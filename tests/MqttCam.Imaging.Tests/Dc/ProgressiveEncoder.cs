using System.Runtime.InteropServices;

namespace MqttCam.Imaging.Tests.Dc;

/// <summary>A real progressive JPEG from libturbojpeg (TJFLAG_PROGRESSIVE), which the product's encoder does not expose.</summary>
internal static partial class ProgressiveEncoder
{
    private const int TjpfRgb = 0, Tjsamp420 = 2, TjflagNorealloc = 1024, TjflagProgressive = 16384;

    public static byte[] Encode(RawImage image, int quality)
    {
        nint handle = TjInitCompress();
        Assert.NotEqual(0, handle);
        try
        {
            byte[] output = new byte[(image.Width * image.Height * 3) + 65536];
            nuint size = (nuint)output.Length;
            int rc = TjCompress2(handle, image.Pixels, image.Width, image.Stride, image.Height, TjpfRgb, output, ref size, Tjsamp420, quality, TjflagNorealloc | TjflagProgressive);
            Assert.Equal(0, rc);
            return output[..(int)size];
        }
        finally
        {
            _ = TjDestroy(handle);
        }
    }

    [LibraryImport("libturbojpeg.so.0", EntryPoint = "tjInitCompress")]
    private static partial nint TjInitCompress();

    [LibraryImport("libturbojpeg.so.0", EntryPoint = "tjDestroy")]
    private static partial int TjDestroy(nint handle);

    // jpegBuf is unsigned char**: with TJFLAG_NOREALLOC the library writes into the pinned array we point it at.
    private static unsafe int TjCompress2(nint handle, byte[] source, int width, int pitch, int height, int pixelFormat, byte[] output, ref nuint size, int subsampling, int quality, int flags)
    {
        fixed (byte* src = source)
        fixed (byte* dst = output)
        {
            byte* buffer = dst;
            ulong length = size;
            int rc = TjCompress2Native(handle, src, width, pitch, height, pixelFormat, &buffer, &length, subsampling, quality, flags);
            Assert.True(buffer == dst, "libturbojpeg reallocated despite TJFLAG_NOREALLOC");
            size = (nuint)length;
            return rc;
        }
    }

    [LibraryImport("libturbojpeg.so.0", EntryPoint = "tjCompress2")]
    private static unsafe partial int TjCompress2Native(nint handle, byte* source, int width, int pitch, int height, int pixelFormat, byte** jpeg, ulong* size, int subsampling, int quality, int flags);
}
