using System.Net.Sockets;
using System.Text;
using MqttCam.Bridge.Streaming;

namespace BridgeBench;

/// <summary>
/// Not a product server: the ceiling of MJPEG fan-out on this machine. Accepts, reads to the blank line, sends the
/// multipart head and opening; then each <see cref="Broadcast"/> writes the same prebuilt part (JPEG + next boundary
/// and part headers, no chunking) to every socket without waiting, skipping a client whose previous part is still
/// unsent — the bridge's one-pending-frame rule, with nothing else (no HTTP, no subscriptions, one copy per client).
/// </summary>
internal sealed class RawFanOutServer : IAsyncDisposable
{
    private static readonly byte[] s_head = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nContent-Type: " + MjpegStreamWriter.ContentType + "\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n");

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Lock _lock = new();
    private readonly List<Client> _clients = [];
    private int _broadcasting;

    private RawFanOutServer()
    {
        _listener = LoopbackListener.Open(out var port);
        Port = port;
        _accepting = LoopbackListener.AcceptAsync(_listener, StartAsync, _stop.Token);
    }

    public int Port { get; }

    /// <summary>Frames not sent to anyone because the previous broadcast was still running (counted as missed by every client).</summary>
    public long BusySkips { get; private set; }

    public static RawFanOutServer Start() => new();

    /// <summary>Starts writing <paramref name="part"/> to every client on a pool thread; returns at once, as a publish does.</summary>
    public void Broadcast(byte[] part)
    {
        if (Interlocked.Exchange(ref _broadcasting, 1) == 1)
        {
            BusySkips++;
            return;
        }

        Client[] clients;
        lock (_lock)
        {
            clients = [.. _clients];
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            _ =>
            {
                foreach (var client in clients)
                {
                    client.TrySend(part);
                }

                Volatile.Write(ref _broadcasting, 0);
            },
            null);
    }

    /// <summary>Part bytes for a JPEG: the JPEG and the next boundary with its headers, as the bridge sends them.</summary>
    public static byte[] Part(byte[] jpeg) => [.. jpeg, .. MjpegStreamWriter.Trailer];

    private async Task StartAsync(Socket socket)
    {
        try
        {
            var buffer = new byte[4096];
            var seen = 0;
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(seen), _stop.Token);
                if (n == 0)
                {
                    socket.Dispose();
                    return;
                }

                seen += n;
                if (buffer.AsSpan(0, seen).IndexOf("\r\n\r\n"u8) >= 0 || seen == buffer.Length)
                {
                    break;
                }
            }

            await socket.SendAsync((byte[])[.. s_head, .. MjpegStreamWriter.Opening], SocketFlags.None, _stop.Token);
            lock (_lock)
            {
                _clients.Add(new Client(socket));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException)
        {
            socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        lock (_lock)
        {
            foreach (var client in _clients)
            {
                client.Socket.Dispose();
            }

            _clients.Clear();
        }

        _stop.Dispose();
    }

    private sealed class Client(Socket socket)
    {
        private int _pending;

        public Socket Socket => socket;

        public void TrySend(byte[] part)
        {
            if (Volatile.Read(ref _pending) == 1)
            {
                return;
            }

            try
            {
                var send = socket.SendAsync(part.AsMemory(), SocketFlags.None);
                if (send.IsCompleted)
                {
                    _ = send.Result;
                    return;
                }

                _pending = 1;
                _ = FinishAsync(send);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        }

        private async Task FinishAsync(ValueTask<int> send)
        {
            try
            {
                await send;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
            finally
            {
                Volatile.Write(ref _pending, 0);
            }
        }
    }
}
