using System.Globalization;
using MqttCam.Mqtt;

namespace BridgeBench;

/// <summary>
/// MJPEG fan-out: N clients read one camera's stream while frames are published at a fixed rate; a step passes when
/// every client received at least 95% of the frames. Every step given runs.
/// </summary>
internal static class FanOutBench
{
    public static async Task<string> RunAsync(MqttClient publisher, string topic, Uri bridge, string cameraId, byte[] jpeg, int fps, TimeSpan duration, IReadOnlyList<int> steps)
    {
        var table = new System.Text.StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"| MJPEG clients | frames published | min received | median received | clients ≥ 95% | pass |");
        table.AppendLine("|---|---|---|---|---|---|");
        var best = 0;
        foreach (var clients in steps)
        {
            var (published, received) = await RunStepAsync(publisher, topic, bridge, cameraId, jpeg, fps, duration, clients);
            var sorted = received.Order().ToArray();
            var threshold = (long)Math.Ceiling(published * 0.95);
            var passing = sorted.Count(r => r >= threshold);
            var pass = passing == clients;
            table.AppendLine(CultureInfo.InvariantCulture, $"| {clients} | {published} | {sorted[0]} | {sorted[sorted.Length / 2]} | {passing} | {(pass ? "yes" : "no")} |");
            Console.WriteLine($"fan-out {clients}: published {published}, min {sorted[0]}, pass {pass}");
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

    private static async Task<(long Published, long[] Received)> RunStepAsync(MqttClient publisher, string topic, Uri bridge, string cameraId, byte[] jpeg, int fps, TimeSpan duration, int clients)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue };
        using var http = new HttpClient(handler) { BaseAddress = bridge, Timeout = Timeout.InfiniteTimeSpan };
        using var stop = new CancellationTokenSource();
        var counters = new MjpegCounter[clients];
        var readers = new Task[clients];
        for (var i = 0; i < clients; i++)
        {
            var counter = counters[i] = new MjpegCounter();
            var stream = await http.GetStreamAsync($"/cameras/{cameraId}/stream.mjpeg");
            readers[i] = Task.Run(async () =>
            {
                var buffer = new byte[64 * 1024];
                try
                {
                    int n;
                    while ((n = await stream.ReadAsync(buffer, stop.Token)) > 0)
                    {
                        counter.Feed(buffer.AsSpan(0, n));
                    }
                }
                catch (OperationCanceledException)
                {
                }
                catch (IOException)
                {
                }
                finally
                {
                    await stream.DisposeAsync();
                }
            });
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
                await publisher.PublishAsync(topic, jpeg, retain: true);
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
}
