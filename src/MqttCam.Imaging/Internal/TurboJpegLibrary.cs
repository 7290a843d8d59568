using System.Runtime.InteropServices;
using MqttCam.Imaging.Interop;

namespace MqttCam.Imaging.Internal;

/// <summary>
/// Loads libturbojpeg once and hands out per-thread handles (a tjhandle must not be used by two threads at once).
/// </summary>
internal static unsafe class TurboJpegLibrary
{
    private static readonly bool s_loaded = NativeLibrary.TryLoad(TurboJpeg.LibraryName, typeof(TurboJpegLibrary).Assembly, null, out _);

    // One handle of each kind per thread: no locking, and a handle lives as long as its thread (the SafeHandle
    // finalizer destroys it afterwards). Thread-statics are named s_ because the naming rule covers all statics.
    [ThreadStatic]
    private static SafeTurboJpegHandle? s_compressor;

    [ThreadStatic]
    private static SafeTurboJpegHandle? s_decompressor;

    public static SafeTurboJpegHandle Compressor => s_compressor ??= Create(compress: true);

    public static SafeTurboJpegHandle Decompressor => s_decompressor ??= Create(compress: false);

    public static void EnsureLoaded()
    {
        if (!s_loaded)
        {
            throw new DllNotFoundException(
                $"{TurboJpeg.LibraryName} could not be loaded. Install it with: apt-get install libturbojpeg0");
        }
    }

    /// <summary>Throws the handle's last error; only meaningful right after a call returned -1.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void ThrowLastError(SafeTurboJpegHandle handle, string operation)
    {
        (string text, bool isWarning) = TakeLastError(handle);
        throw new JpegException($"{operation} failed: {text}", text, isWarning);
    }

    /// <summary>
    /// Reads the handle's last error and retires the handle. TurboJPEG 2.1 leaves a decompressor mid-header after
    /// a failed tjDecompressHeader3 (no jpeg_abort), so the next image on that handle would be misparsed; a fresh
    /// handle is the only reliable reset. Failures are rare (corrupt frames), so the cost does not matter.
    /// </summary>
    public static (string Text, bool IsWarning) TakeLastError(SafeTurboJpegHandle handle)
    {
        string text = Marshal.PtrToStringUTF8((nint)TurboJpeg.tjGetErrorStr2(handle)) ?? "unknown error";
        bool isWarning = TurboJpeg.tjGetErrorCode(handle) == TurboJpeg.TJERR_WARNING;
        if (ReferenceEquals(handle, s_decompressor))
        {
            s_decompressor = null;
        }
        else if (ReferenceEquals(handle, s_compressor))
        {
            s_compressor = null;
        }

        handle.Dispose();
        return (text, isWarning);
    }

    private static SafeTurboJpegHandle Create(bool compress)
    {
        EnsureLoaded();
        SafeTurboJpegHandle handle = compress ? TurboJpeg.tjInitCompress() : TurboJpeg.tjInitDecompress();
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new JpegException($"TurboJPEG could not create a {(compress ? "compressor" : "decompressor")} instance (out of memory?).");
        }

        return handle;
    }
}
