using System.Net;
using System.Net.Sockets;

namespace MqttCam.Testing.Network;

/// <summary>
/// A loopback TCP proxy a test controls: it forwards, freezes (stops reading and forwarding but keeps every socket
/// open, like a proxy under SIGSTOP: the kernel still ACKs until its buffers fill), thaws, or cuts every connection.
/// </summary>
public sealed class FrozenLinkProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _sync = new();
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _pumps = [];
    private TaskCompletionSource _flowing = Open();
    private readonly Task _acceptLoop;

    public FrozenLinkProxy(string upstreamHost, int upstreamPort)
    {
        _upstream = new IPEndPoint(IPAddress.Parse(upstreamHost), upstreamPort);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public string Host => ((IPEndPoint)_listener.LocalEndpoint).Address.ToString();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far (a reconnect shows up as one more).</summary>
    public int Accepted { get; private set; }

    /// <summary>Stops moving bytes in both directions; sockets stay open and unread.</summary>
    public void Freeze()
    {
        lock (_sync)
        {
            if (_flowing.Task.IsCompleted)
            {
                _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Thaw()
    {
        lock (_sync)
        {
            _flowing.TrySetResult();
        }
    }

    /// <summary>Resets every open connection (both sides see RST).</summary>
    public void Cut()
    {
        lock (_sync)
        {
            foreach (Socket socket in _sockets)
            {
                Abort(socket);
            }

            _sockets.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Thaw();
        Cut();
        Task[] pumps;
        lock (_sync)
        {
            pumps = [.. _pumps];
        }

        await Task.WhenAll([_acceptLoop, .. pumps]).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private static void Abort(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
            // Already closed by its pump.
        }
    }

    private Task Flowing()
    {
        lock (_sync)
        {
            return _flowing.Task;
        }
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                Socket client = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
                Accepted++;
                Task pump = ServeAsync(client);
                lock (_sync)
                {
                    _pumps.Add(pump);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        lock (_sync)
        {
            _sockets.Add(client);
            _sockets.Add(upstream);
        }

        try
        {
            // A frozen proxy does not even open the upstream side of a new connection.
            await Flowing().WaitAsync(_stopping.Token).ConfigureAwait(false);
            await upstream.ConnectAsync(_upstream, _stopping.Token).ConfigureAwait(false);
            await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Cut, refused or stopped.
        }
        finally
        {
            lock (_sync)
            {
                _sockets.Remove(client);
                _sockets.Remove(upstream);
            }

            Abort(client);
            Abort(upstream);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        byte[] buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                await Flowing().WaitAsync(_stopping.Token).ConfigureAwait(false);
                int read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                // A chunk read just before a freeze is held, not forwarded, until the thaw.
                await Flowing().WaitAsync(_stopping.Token).ConfigureAwait(false);
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Cut or stopped.
        }
    }
}
