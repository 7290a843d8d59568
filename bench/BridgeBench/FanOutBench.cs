using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace BridgeBench;

/// <summary>
/// MJPEG fan-out: N clients read one stream while frames are published at a fixed rate; a step passes when every
/// client received at least 95% of the frames. Every step given runs. Clients are HttpClient streams, or (raw) plain
/// sockets that count part boundaries in the raw bytes — lighter, so more of the 2 cores is left to the server.
/// </summary>
internal static class FanOutBench
{
    /// <param name="publish">Publishes one frame (MQTT for a bridge, a broadcast for the raw ceiling); awaited at the frame rate.</param>
    /// <param name="streamUrl">The stream's absolute URL.</param>
    /// <param name="rawReaders">Raw-socket readers instead of HttpClient ones.</param>
    /// <param name="fps">Publish rate.</param>
    /// <param name="duration">How long each step publishes.</param>
    /// <param name="steps">Client counts, each run in turn.</param>
    public static async Task<string> RunAsync(Func<Task> publish, Uri streamUrl, bool rawReaders, int fps, TimeSpan duration, IReadOnlyList<int> steps)
    {
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"| MJPEG clients | frames published | min received | median received | clients ≥ 95% | pass |");
        table.AppendLine("|---|---|---|---|---|---|");
        var best = 0;
        foreach (var clients in steps)
        {
            var (published, received) = await RunStepAsync(publish, streamUrl, rawReaders, fps, duration, clients);
            var sorted = received.Order().ToArray();
            var threshold = (long)Math.Ceiling(published * 0.95);
            var passing = sorted.Count(r => r >= threshold);
            var pass = passing == clients;
            table.AppendLine(CultureInfo.InvariantCulture, $"| {clients} | {published} | {sorted[0]} | {sorted[sorted.Length / 2]} | {passing} | {(pass ? "yes" : "no")} |");
            Console.WriteLine($"fan-out {clients} ({streamUrl.Authority}): published {published}, min {sorted[0]}, median {sorted[sorted.Length / 2]}, passing {passing}");
            // Every step runs (a failing one does not hide what larger counts get); best is the largest passing one.
            if (pass)
            {
                best = Math.Max(best, clients);
            }
        }

        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"Most clients that each still received ≥ 95% of the stream: **{best}** (largest passing step).");
        return table.ToString();
    }

    private static async Task<(long Published, long[] Received)> RunStepAsync(Func<Task> publish, Uri streamUrl, bool rawReaders, int fps, TimeSpan duration, int clients)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue };
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var stop = new CancellationTokenSource();
        var counters = new MjpegCounter[clients];
        var readers = new Task[clients];
        for (var i = 0; i < clients; i++)
        {
            var counter = counters[i] = new MjpegCounter();
            readers[i] = rawReaders
                ? ReadRawAsync(await ConnectRawAsync(streamUrl), counter, stop.Token)
                : ReadHttpAsync(await http.GetStreamAsync(streamUrl), counter, stop.Token);
        }

        // Each client first receives the current frame; count from a clean slate after that.
        using (var settle = new PeriodicTimer(TimeSpan.FromMilliseconds(500)))
        {
            await settle.WaitForNextTickAsync();
        }

        var before = counters.Select(c => c.Frames).ToArray();
        long published = 0;
        var total = (long)(duration.TotalSeconds * fps);
        using (var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / fps)))
        {
            while (published < total && await timer.WaitForNextTickAsync())
            {
                await publish();
                published++;
            }
        }

        using (var drain = new PeriodicTimer(TimeSpan.FromMilliseconds(500)))
        {
            await drain.WaitForNextTickAsync();
        }

        var received = counters.Select((c, i) => c.Frames - before[i]).ToArray();
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        return (published, received);
    }

    private static async Task ReadHttpAsync(Stream stream, MjpegCounter counter, CancellationToken stop)
    {
        await Task.Yield();
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, stop)) > 0)
            {
                counter.Feed(buffer.AsSpan(0, n));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    /// <summary>A plain GET on a new socket; the response (head, chunk lines and all) is then counted raw.</summary>
    private static async Task<Socket> ConnectRawAsync(Uri streamUrl)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(streamUrl.Host, streamUrl.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {streamUrl.PathAndQuery} HTTP/1.1\r\nHost: {streamUrl.Authority}\r\n\r\n"), SocketFlags.None);
        return socket;
    }

    private static async Task ReadRawAsync(Socket socket, MjpegCounter counter, CancellationToken stop)
    {
        await Task.Yield();
        var buffer = new byte[64 * 1024];
        using (socket)
        {
            try
            {
                int n;
                while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, stop)) > 0)
                {
                    counter.Feed(buffer.AsSpan(0, n));
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
            }
        }
    }
}
