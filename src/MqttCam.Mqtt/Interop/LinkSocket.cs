using System.Runtime.InteropServices;

namespace MqttCam.Mqtt.Interop;

/// <summary>
/// Reads the kernel's view of libmosquitto's socket. libmosquitto has no PINGRESP callback, so "when did the broker
/// last send anything" comes from TCP_INFO (Linux), which counts data segments only: a frozen peer's kernel ACKs do not
/// count as life.
/// </summary>
internal static unsafe partial class LinkSocket
{
    private const int SOL_TCP = 6;
    private const int TCP_INFO = 11;
    private const int SHUT_RDWR = 2;

    // struct tcp_info: 8 bytes of u8 fields, then u32s; tcpi_last_data_recv is the 14th u32 (linux/tcp.h).
    private const int LastDataReceivedOffset = 52;
    private const int TcpInfoPrefixLength = 56;

    /// <summary>Milliseconds since the socket last received data, or null when the socket cannot tell.</summary>
    internal static uint? MillisecondsSinceDataReceived(int socket)
    {
        if (socket < 0 || !OperatingSystem.IsLinux())
        {
            return null;
        }

        byte* info = stackalloc byte[256];
        uint length = 256;
        if (getsockopt(socket, SOL_TCP, TCP_INFO, info, &length) != 0 || length < TcpInfoPrefixLength)
        {
            return null;
        }

        return *(uint*)(info + LastDataReceivedOffset);
    }

    /// <summary>Ends the connection without a DISCONNECT packet (so the broker still publishes the will); libmosquitto's next read reports it lost.</summary>
    internal static void Shutdown(int socket)
    {
        if (socket >= 0)
        {
            _ = shutdown(socket, SHUT_RDWR);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getsockopt(int sockfd, int level, int optname, void* optval, uint* optlen);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int shutdown(int sockfd, int how);
}
