using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MqttCam.Imaging.Interop;

/// <summary>
/// Raw TurboJPEG 2.x entry points (turbojpeg.h). Names follow the header so they grep against it.
/// </summary>
internal static unsafe partial class TurboJpeg
{
    // The runtime soname: hosts without libturbojpeg0-dev have no unversioned libturbojpeg.so.
    internal const string LibraryName = "libturbojpeg.so.0";

    internal const int TJPF_RGB = 0;
    internal const int TJPF_BGR = 1;
    internal const int TJPF_RGBX = 2;
    internal const int TJPF_GRAY = 6;

    internal const int TJERR_WARNING = 0;

    internal const int TJFLAG_NOREALLOC = 1024;
    // Stop at the first libjpeg warning: we reject such frames anyway, so decoding the rest is wasted work.
    internal const int TJFLAG_STOPONWARNING = 8192;

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial SafeTurboJpegHandle tjInitCompress();

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial SafeTurboJpegHandle tjInitDecompress();

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int tjDestroy(nint handle);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int tjCompress2(
        SafeTurboJpegHandle handle, byte* srcBuf, int width, int pitch, int height, int pixelFormat,
        byte** jpegBuf, CULong* jpegSize, int jpegSubsamp, int jpegQual, int flags);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial CULong tjBufSize(int width, int height, int jpegSubsamp);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int tjDecompressHeader3(
        SafeTurboJpegHandle handle, byte* jpegBuf, CULong jpegSize,
        int* width, int* height, int* jpegSubsamp, int* jpegColorspace);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int tjDecompress2(
        SafeTurboJpegHandle handle, byte* jpegBuf, CULong jpegSize,
        byte* dstBuf, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial TjScalingFactor* tjGetScalingFactors(int* numScalingFactors);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial void tjFree(byte* buffer);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial byte* tjGetErrorStr2(SafeTurboJpegHandle handle);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int tjGetErrorCode(SafeTurboJpegHandle handle);
}
