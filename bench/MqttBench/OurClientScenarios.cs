using System.Buffers.Binary;
using System.Diagnostics;
using MqttCam.Mqtt;
using MqttCam.Testing.Broker;

namespace MqttBench;

/// <summary>Our publisher to our subscriber, both MqttClient instances in this process.</summary>
internal static class OurClientScenarios
{
    /// <summary>
    /// Publishes retained QoS 0 frames for the duration, keeping at most <paramref name="inFlight"/> PublishAsync calls
    /// outstanding (flow control: each completes when libmosquitto wrote the frame). A QoS 1 sentinel closes the run.
    /// </summary>
    public static async Task<ThroughputResult> ThroughputAsync(MosquittoBroker broker, BenchSettings settings, int inFlight, string topic)
    {
        await using MqttClient subscriber = await ConnectAsync(broker, inFlight);
        await subscriber.SubscribeAsync(topic);
        await using MqttClient publisher = await ConnectAsync(broker, inFlight);
        byte[] frame = Frame(settings.PayloadBytes);

        long received = 0;
        long sentinelAt = 0;
        Task reading = Task.Run(async () =>
        {
            await foreach (MqttMessage message in subscriber.Messages.ReadAllAsync())
            {
                if (message.Payload.Length == 1)
                {
                    sentinelAt = Stopwatch.GetTimestamp();
                    return;
                }

                received++;
            }
        });

        var outstanding = new Queue<Task>();
        long sent = 0;
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < settings.ThroughputDuration)
        {
            outstanding.Enqueue(publisher.PublishAsync(topic, frame, MqttQos.AtMostOnce, retain: true).AsTask());
            sent++;
            if (outstanding.Count >= inFlight)
            {
                await outstanding.Dequeue();
            }
        }

        await Task.WhenAll(outstanding);
        await publisher.PublishAsync(topic, new byte[1], MqttQos.AtLeastOnce);
        await reading.WaitAsync(TimeSpan.FromSeconds(60));
        return new ThroughputResult(sent, received, Stopwatch.GetElapsedTime(start, sentinelAt));
    }

    /// <summary>Paced frames with a Stopwatch timestamp inside the payload; latency is measured on arrival.</summary>
    public static async Task<LatencySummary> LatencyAsync(MosquittoBroker broker, BenchSettings settings, string topic)
    {
        await using MqttClient subscriber = await ConnectAsync(broker, 64);
        await subscriber.SubscribeAsync(topic);
        await using MqttClient publisher = await ConnectAsync(broker, 64);
        byte[] frame = Frame(settings.PayloadBytes);
        int total = settings.WarmupFrames + settings.LatencyFrames;

        var latencies = new List<double>(total);
        Task reading = Task.Run(async () =>
        {
            while (latencies.Count < total)
            {
                MqttMessage message = await subscriber.Messages.ReadAsync();
                long now = Stopwatch.GetTimestamp();
                long sentAt = BinaryPrimitives.ReadInt64LittleEndian(message.Payload.Span);
                latencies.Add(Stopwatch.GetElapsedTime(sentAt, now).TotalMilliseconds);
            }
        });

        using var timer = new PeriodicTimer(settings.FrameInterval);
        for (int i = 0; i < total; i++)
        {
            await timer.WaitForNextTickAsync();
            BinaryPrimitives.WriteInt64LittleEndian(frame, Stopwatch.GetTimestamp());
            if (publisher.TryPublish(topic, frame, MqttQos.AtMostOnce, retain: true) != MqttPublishResult.Accepted)
            {
                throw new InvalidOperationException("Publish refused during the latency run.");
            }
        }

        await reading.WaitAsync(TimeSpan.FromSeconds(60));
        return LatencySummary.From(latencies.Skip(settings.WarmupFrames).ToList());
    }

    /// <summary>Random (incompressible) bytes, like a JPEG.</summary>
    public static byte[] Frame(int length)
    {
        byte[] frame = new byte[length];
        new Random(150).NextBytes(frame);
        return frame;
    }

    private static async Task<MqttClient> ConnectAsync(MosquittoBroker broker, int window)
    {
        var client = new MqttClient(new MqttClientOptions
        {
            Host = broker.Host,
            Port = broker.Port,
            MaxPendingPublishes = window,
            ReceiveQueueCapacity = 100_000,
        });
        await client.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return client;
    }
}
