using System.Net;
using System.Net.Sockets;

namespace BridgeBench;

/// <summary>The listening socket and accept loop of the bench's raw servers (ceilings, not product code).</summary>
internal static class LoopbackListener
{
    public static Socket Open(out int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4096);
        port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        return listener;
    }

    /// <summary>Accepts until stopped, each connection served on the pool.</summary>
    public static async Task AcceptAsync(Socket listener, Func<Socket, Task> serve, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                var socket = await listener.AcceptAsync(stop);
                socket.NoDelay = true;
                _ = Task.Run(() => serve(socket), CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
    }
}
