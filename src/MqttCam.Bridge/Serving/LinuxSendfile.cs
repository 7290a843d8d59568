using System.Runtime.InteropServices;

namespace MqttCam.Bridge.Serving;

/// <summary>
/// The few Linux calls of the zero-copy path: a sealed memfd holding a frame, and sendfile(2) / send(2) on a
/// connection's non-blocking socket. Every call returns at once (no blocking call is ever made on a socket): a short
/// or refused write is reported and the caller sends the rest the managed way.
/// </summary>
internal static unsafe partial class LinuxSendfile
{
    private const uint MfdCloexec = 0x0001;
    private const uint MfdAllowSealing = 0x0002;
    private const int FAddSeals = 1033;
    private const int FGetFl = 3;
    private const int ONonblock = 0x800;

    // F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE: the bytes a send reads can never change under it.
    private const int AllSeals = 0x1 | 0x2 | 0x4 | 0x8;
    private const int MsgDontwait = 0x40;
    private const int MsgNosignal = 0x4000;
    private const int MsgMore = 0x8000;
    private const int EAgain = 11;
    private const int EIntr = 4;

    private static long s_shortSends;

    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>Sends the socket did not take whole, finished the managed way (tests check the fallback ran).</summary>
    public static long ShortSends => Interlocked.Read(ref s_shortSends);

    /// <summary>A sealed memfd with exactly <paramref name="bytes"/>, or -1 (any failure: the caller uses the managed path).</summary>
    public static int CreateSealedFile(ReadOnlySpan<ReadOnlyMemory<byte>> bytes)
    {
        var fd = MemfdCreate("mqttcam-frame", MfdCloexec | MfdAllowSealing);
        if (fd < 0)
        {
            return -1;
        }

        foreach (var piece in bytes)
        {
            if (!WriteAll(fd, piece.Span))
            {
                _ = Close(fd);
                return -1;
            }
        }

        if (Fcntl(fd, FAddSeals, AllSeals) < 0)
        {
            _ = Close(fd);
            return -1;
        }

        return fd;
    }

    public static void CloseFile(int fd) => _ = Close(fd);

    /// <summary>True when the socket is non-blocking (the .NET socket engine sets it); sendfile on a blocking one could block a thread.</summary>
    public static bool IsNonBlocking(SafeHandle socket) => Fcntl(socket, FGetFl, 0) is var flags and >= 0 && (flags & ONonblock) != 0;

    /// <summary>Sends what the socket takes now of <paramref name="data"/>, flagged MSG_MORE (the body follows); returns the bytes sent.</summary>
    public static int SendMore(SafeHandle socket, ReadOnlySpan<byte> data)
    {
        fixed (byte* pointer = data)
        {
            while (true)
            {
                var sent = Send(socket, pointer, (nuint)data.Length, MsgMore | MsgDontwait | MsgNosignal);
                if (sent >= 0)
                {
                    if (sent < data.Length)
                    {
                        Interlocked.Increment(ref s_shortSends);
                    }

                    return (int)sent;
                }

                var error = Marshal.GetLastPInvokeError();
                if (error == EIntr)
                {
                    continue;
                }

                if (error != EAgain)
                {
                    throw Failed("send", error);
                }

                Interlocked.Increment(ref s_shortSends);
                return 0;
            }
        }
    }

    /// <summary>sendfile from the file at <paramref name="offset"/> until the socket takes no more now; returns the bytes sent.</summary>
    public static int SendFile(SafeHandle socket, int fd, long offset, int count)
    {
        var total = 0;
        while (total < count)
        {
            var position = offset + total;
            var sent = SendFile64(socket, fd, ref position, (nuint)(count - total));
            if (sent > 0)
            {
                total += (int)sent;
                continue;
            }

            Interlocked.Increment(ref s_shortSends);

            var error = sent == 0 ? 0 : Marshal.GetLastPInvokeError();
            if (error == EIntr)
            {
                continue;
            }

            // 0 (nothing taken) or EAGAIN: the socket buffer is full; the caller finishes with a managed send.
            return sent == 0 || error == EAgain ? total : throw Failed("sendfile", error);
        }

        return total;
    }

    private static bool WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* pointer = data)
        {
            var written = 0;
            while (written < data.Length)
            {
                var n = Write(fd, pointer + written, (nuint)(data.Length - written));
                if (n < 0 && Marshal.GetLastPInvokeError() == EIntr)
                {
                    continue;
                }

                if (n <= 0)
                {
                    return false;
                }

                written += (int)n;
            }

            return true;
        }
    }

    // The connection's own error (reset, broken pipe) ends it like a failed managed send would.
    private static IOException Failed(string call, int error) => new($"{call} failed: {Marshal.GetPInvokeErrorMessage(error)}");

    [LibraryImport("libc", EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MemfdCreate(string name, uint flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, byte* buffer, nuint count);

    // fcntl is variadic; on Linux (x64 and arm64) an int vararg is passed like a fixed int argument.
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(SafeHandle fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static partial nint Send(SafeHandle socket, byte* buffer, nuint length, int flags);

    // sendfile64: a 64-bit offset on 32-bit userlands too.
    [LibraryImport("libc", EntryPoint = "sendfile64", SetLastError = true)]
    private static partial nint SendFile64(SafeHandle socket, int fd, ref long offset, nuint count);
}
