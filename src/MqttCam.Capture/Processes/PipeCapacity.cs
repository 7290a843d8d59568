using System.IO.Pipes;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MqttCam.Capture.Processes;

/// <summary>
/// Grows a child's stdout pipe (Linux F_SETPIPE_SZ) so a whole frame fits in it: the camera writes a frame without
/// blocking on the reader and the reader takes it in one read instead of one per 64 KiB.
/// </summary>
public static partial class PipeCapacity
{
    /// <summary>Room for a 720p frame with margin; the unprivileged limit (/proc/sys/fs/pipe-max-size) is 1 MiB by default.</summary>
    public const int Preferred = 1024 * 1024;

    /// <summary>What the reader asks for per read once the pipe has grown: a few frames, so one read takes a whole frame.</summary>
    public const int ReadBufferSize = 256 * 1024;

    private const int F_SETPIPE_SZ = 1031;

    /// <summary>Returns the new capacity in bytes, or null where it cannot be changed (not Linux, not a pipe, over the limit).</summary>
    public static int? TryGrow(Stream stream, int bytes)
    {
        if (!OperatingSystem.IsLinux() || stream is not PipeStream pipe)
        {
            return null;
        }

        int capacity = SetPipeSize(pipe.SafePipeHandle, F_SETPIPE_SZ, bytes);
        return capacity > 0 ? capacity : null;
    }

    // fcntl is variadic; on Linux (x64 and arm64) an int vararg is passed like a fixed int argument.
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int SetPipeSize(SafePipeHandle fd, int command, int size);
}
