using System.Net.Sockets;
using System.Text;

namespace BridgeBench;

/// <summary>
/// Not a product server: the ceiling of serving live.jpeg without Kestrel, to tell whether bypassing its response
/// pipe would pay. Answers every request on a keep-alive connection (wrk's GETs, nothing parsed beyond the blank line)
/// with the same frame as one prebuilt buffer (status line, headers and body: one send, one kernel copy). The bridge's
/// own sendfile variant (Bridge:LiveSendfile, a memfd per frame) is what goes below that copy; .NET's
/// Socket.SendFileAsync was tried here and dropped (it opens the file per call; docs/benchmarks.md).
/// </summary>
internal sealed class RawCeilingServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _whole;
    private readonly Task _accepting;

    private RawCeilingServer(byte[] jpeg)
    {
        var headers = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: {jpeg.Length}\r\nCache-Control: no-cache\r\nETag: \"bench-1-1\"\r\n\r\n");
        _whole = [.. headers, .. jpeg];

        _listener = LoopbackListener.Open(out var port);
        Port = port;
        _accepting = LoopbackListener.AcceptAsync(_listener, ServeAsync, _stop.Token);
    }

    public int Port { get; }

    public static RawCeilingServer Start(byte[] jpeg) => new(jpeg);

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            var buffer = new byte[4096];
            var matched = 0;
            try
            {
                while (true)
                {
                    var n = await socket.ReceiveAsync(buffer, _stop.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    // Count complete requests in what arrived (wrk pipelines none, but be exact anyway).
                    for (var i = 0; i < n; i++)
                    {
                        matched = buffer[i] == (byte)(matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (buffer[i] == '\r' ? 1 : 0);
                        if (matched == 4)
                        {
                            matched = 0;
                            await socket.SendAsync(_whole, SocketFlags.None, _stop.Token);
                        }
                    }
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

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        _stop.Dispose();
    }
}
