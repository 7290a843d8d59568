using System.Diagnostics;
using System.Globalization;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Processes;

namespace MqttBench;

/// <summary>
/// The same frames through mosquitto_pub -> mosquitto_sub. mosquitto_pub sends a file with --repeat (it publishes the
/// next copy from its on_publish callback, i.e. one frame in flight); mosquitto_sub prints only the length (-F %l) so
/// the pipe to this process carries a few bytes per frame. Both run under stdbuf -oL so every line is flushed at once.
/// </summary>
internal static class MosquittoToolScenarios
{
    public static async Task<ThroughputResult> ThroughputAsync(MosquittoBroker broker, BenchSettings settings, long frames, string topic, string frameFile)
    {
        long sentinelAt = 0;
        long received = 0;
        var sentinel = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string length = settings.PayloadBytes.ToString(CultureInfo.InvariantCulture);
        await using ChildProcess subscriber = await StartSubscriberAsync(broker, topic, line =>
        {
            if (line == length)
            {
                Interlocked.Increment(ref received);
            }
            else if (line == "1")
            {
                sentinelAt = Stopwatch.GetTimestamp();
                sentinel.TrySetResult();
            }
        });

        long start = Stopwatch.GetTimestamp();
        await using (ChildProcess publisher = StartPublisher(broker, topic, frameFile, frames, repeatDelay: "0", debug: false, onLine: null))
        {
            await publisher.WaitForExitAsync(TimeSpan.FromMinutes(5));
        }

        await using (ChildProcess marker = StartPublisherMessage(broker, topic))
        {
            await marker.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        await sentinel.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new ThroughputResult(frames, Interlocked.Read(ref received), Stopwatch.GetElapsedTime(start, sentinelAt));
    }

    /// <summary>
    /// Paced with --repeat-delay; send time = when mosquitto_pub -d's "sending PUBLISH" line is read here, receive
    /// time = when mosquitto_sub's line is read here. Both ends pay the same pipe hop, so it mostly cancels out.
    /// </summary>
    public static async Task<LatencySummary> LatencyAsync(MosquittoBroker broker, BenchSettings settings, string topic, string frameFile)
    {
        int total = settings.WarmupFrames + settings.LatencyFrames;
        var sentAt = new List<long>(total);
        var receivedAt = new List<long>(total);
        var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string length = settings.PayloadBytes.ToString(CultureInfo.InvariantCulture);
        await using ChildProcess subscriber = await StartSubscriberAsync(broker, topic, line =>
        {
            if (line == length)
            {
                lock (receivedAt)
                {
                    receivedAt.Add(Stopwatch.GetTimestamp());
                    if (receivedAt.Count == total)
                    {
                        allReceived.TrySetResult();
                    }
                }
            }
        });

        string delay = (1 / settings.Fps).ToString("F4", CultureInfo.InvariantCulture);
        await using ChildProcess publisher = StartPublisher(broker, topic, frameFile, total, delay, debug: true, line =>
        {
            if (line.Contains("sending PUBLISH", StringComparison.Ordinal))
            {
                lock (sentAt)
                {
                    sentAt.Add(Stopwatch.GetTimestamp());
                }
            }
        });
        await allReceived.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await publisher.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var latencies = new List<double>();
        for (int i = settings.WarmupFrames; i < Math.Min(sentAt.Count, receivedAt.Count); i++)
        {
            latencies.Add(Stopwatch.GetElapsedTime(sentAt[i], receivedAt[i]).TotalMilliseconds);
        }

        return LatencySummary.From(latencies);
    }

    private static async Task<ChildProcess> StartSubscriberAsync(MosquittoBroker broker, string topic, Action<string> onLine)
    {
        string id = "bench-sub-" + Guid.NewGuid().ToString("N")[..8];
        var subscriber = ChildProcess.Start("stdbuf", ["-oL", MosquittoTools.SubscriberPath, "-h", broker.Host, "-p", Port(broker), "-i", id, "-t", topic, "-F", "%l"]);
        subscriber.OutputLineReceived += onLine;
        await broker.WaitForSubscriptionAsync(id, topic, TimeSpan.FromSeconds(10));
        return subscriber;
    }

    private static ChildProcess StartPublisher(MosquittoBroker broker, string topic, string frameFile, long count, string repeatDelay, bool debug, Action<string>? onLine)
    {
        List<string> arguments =
        [
            "-oL", MosquittoTools.PublisherPath, "-h", broker.Host, "-p", Port(broker), "-t", topic, "-f", frameFile, "-r", "-q", "0",
            "--repeat", count.ToString(CultureInfo.InvariantCulture), "--repeat-delay", repeatDelay,
        ];
        if (debug)
        {
            arguments.Add("-d");
        }

        var publisher = ChildProcess.Start("stdbuf", arguments);
        if (onLine is not null)
        {
            publisher.OutputLineReceived += onLine;
        }

        return publisher;
    }

    private static ChildProcess StartPublisherMessage(MosquittoBroker broker, string topic) =>
        ChildProcess.Start(MosquittoTools.PublisherPath, ["-h", broker.Host, "-p", Port(broker), "-t", topic, "-m", "x", "-q", "1"]);

    private static string Port(MosquittoBroker broker) => broker.Port.ToString(CultureInfo.InvariantCulture);
}
