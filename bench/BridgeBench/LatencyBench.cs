using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using MqttCam.Mqtt;

namespace BridgeBench;

/// <summary>
/// Publish-to-receive latency at a paced frame rate, measured in one run for the same frames: MJPEG and WebSocket
/// clients of the bridge, and straight MQTT subscribers (mosquitto_sub and MqttClient) as the floor.
/// </summary>
internal static class LatencyBench
{
    public static async Task<string> RunAsync(MqttClient publisher, string topic, int brokerPort, Uri bridge, string cameraId, byte[] jpeg, int fps, int frames)
    {
        var published = new ConcurrentDictionary<long, long>();
        var results = new Dictionary<string, List<double>>
        {
            ["mosquitto_sub (floor)"] = [],
            ["MqttClient subscriber"] = [],
            ["bridge MJPEG"] = [],
            ["bridge WebSocket"] = [],
        };
        void Record(string name, long sequence)
        {
            var now = Stopwatch.GetTimestamp();
            if (published.TryGetValue(sequence, out var at))
            {
                lock (results)
                {
                    results[name].Add(Stopwatch.GetElapsedTime(at, now).TotalMilliseconds);
                }
            }
        }

        var taggedLength = BenchFrames.Tag(jpeg, 0).Length;
        using var stop = new CancellationTokenSource();

        // Floor 1: the C client. -N prints raw payloads back to back; frames all have the same length, so a frame is
        // complete once its last byte has been read.
        var sub = Process.Start(new ProcessStartInfo("mosquitto_sub", ["-h", "127.0.0.1", "-p", brokerPort.ToString(CultureInfo.InvariantCulture), "-t", topic, "-N", "-V", "mqttv5"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("mosquitto_sub: apt-get install mosquitto-clients");
        var subReader = Task.Run(async () =>
        {
            var stream = sub.StandardOutput.BaseStream;
            var buffer = new byte[taggedLength * 4];
            var filled = 0;
            while (!stop.IsCancellationRequested)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(filled), stop.Token);
                if (n == 0)
                {
                    break;
                }

                filled += n;
                while (filled >= taggedLength)
                {
                    var start = BenchFrames.IndexOfTag(buffer.AsSpan(0, filled)) - 6;
                    if (start < 0 || filled - start < taggedLength)
                    {
                        break;
                    }

                    Record("mosquitto_sub (floor)", BenchFrames.ReadTag(buffer.AsSpan(start)));
                    var consumed = start + taggedLength;
                    buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                    filled -= consumed;
                }
            }
        });

        // Floor 2: our own subscriber over the same binding the bridge uses.
        await using var ours = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = brokerPort });
        await ours.ConnectAsync();
        await ours.SubscribeAsync(topic);
        var oursReader = Task.Run(async () =>
        {
            await foreach (var message in ours.Messages.ReadAllAsync(stop.Token))
            {
                Record("MqttClient subscriber", BenchFrames.ReadTag(message.Payload.Span));
            }
        });

        using var http = new HttpClient { BaseAddress = bridge, Timeout = Timeout.InfiniteTimeSpan };
        var mjpeg = await http.GetStreamAsync($"/cameras/{cameraId}/stream.mjpeg");
        var mjpegReader = Task.Run(async () =>
        {
            var parts = new MjpegParts(mjpeg);
            while (!stop.IsCancellationRequested)
            {
                var body = await parts.ReadBodyAsync(stop.Token);
                Record("bridge MJPEG", BenchFrames.ReadTag(body));
            }
        });

        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(new UriBuilder(bridge) { Scheme = "ws", Path = $"/cameras/{cameraId}/ws" }.Uri, CancellationToken.None);
        var wsReader = Task.Run(async () =>
        {
            var buffer = new byte[taggedLength + 1024];
            while (!stop.IsCancellationRequested)
            {
                var filled = 0;
                WebSocketReceiveResult result;
                do
                {
                    result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer, filled, buffer.Length - filled), stop.Token);
                    filled += result.Count;
                }
                while (!result.EndOfMessage);
                Record("bridge WebSocket", BenchFrames.ReadTag(buffer.AsSpan(0, filled)));
            }
        });

        // Warm-up frames are not recorded (no entry in 'published' until the measured run starts).
        for (var i = 0; i < 30; i++)
        {
            await publisher.PublishAsync(topic, BenchFrames.Tag(jpeg, -1 - i), retain: true);
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / fps));
        for (long sequence = 1; sequence <= frames; sequence++)
        {
            await timer.WaitForNextTickAsync();
            var payload = BenchFrames.Tag(jpeg, sequence);
            published[sequence] = Stopwatch.GetTimestamp();
            await publisher.PublishAsync(topic, payload, retain: true);
        }

        // Let the last frame arrive everywhere (bounded), then stop the readers.
        using (var drain = new PeriodicTimer(TimeSpan.FromMilliseconds(500)))
        {
            await drain.WaitForNextTickAsync();
        }

        await stop.CancelAsync();
        sub.Kill();
        await Task.WhenAll(new[] { subReader, oursReader, mjpegReader, wsReader }.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        sub.Dispose();

        var table = new System.Text.StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"| receiver ({fps} fps, {frames} frames of {taggedLength} B) | received | p50 ms | p99 ms | max ms |");
        table.AppendLine("|---|---|---|---|---|");
        foreach (var (name, values) in results)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {values.Count} | {Percentiles.Of(values, 50):0.00} | {Percentiles.Of(values, 99):0.00} | {(values.Count > 0 ? values.Max() : double.NaN):0.00} |");
        }

        return table.ToString();
    }
}
