using System.Globalization;
using System.Runtime.InteropServices;
using MqttBench;
using MqttCam.Testing.Broker;

// Usage: dotnet run -c Release --project bench/MqttBench [-- <seconds per throughput run>]
// 150 KB retained frames through a mosquitto started here (free port, set_tcp_nodelay true), ours vs the C tools.
double seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var settings = new BenchSettings(
    PayloadBytes: 150 * 1024,
    ThroughputDuration: TimeSpan.FromSeconds(seconds),
    LatencyFrames: 300,
    WarmupFrames: 30,
    Fps: 30);

await using MosquittoBroker broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions
{
    // Each frame is its own topic run; no queue limit matters because every subscriber here is live.
    ExtraConfig = ["set_tcp_nodelay true"],
});
string frameFile = Path.Combine(broker.DirectoryPath, "frame.bin");
File.WriteAllBytes(frameFile, OurClientScenarios.Frame(settings.PayloadBytes));

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
Console.WriteLine($"payload: {settings.PayloadBytes} bytes, retained, QoS 0, broker on 127.0.0.1:{broker.Port}");

ThroughputResult oursWindow = await OurClientScenarios.ThroughputAsync(broker, settings, inFlight: 64, "bench/ours64");
Console.WriteLine($"throughput ours (64 in flight):        {oursWindow}");
ThroughputResult oursOne = await OurClientScenarios.ThroughputAsync(broker, settings, inFlight: 1, "bench/ours1");
Console.WriteLine($"throughput ours (1 in flight):         {oursOne}");
ThroughputResult tools = await MosquittoToolScenarios.ThroughputAsync(broker, settings, oursWindow.Sent, "bench/tools", frameFile);
Console.WriteLine($"throughput mosquitto_pub/mosquitto_sub: {tools}");

LatencySummary oursLatency = await OurClientScenarios.LatencyAsync(broker, settings, "bench/ours-latency");
Console.WriteLine($"latency ours @ {settings.Fps} fps:               {oursLatency}");
LatencySummary toolsLatency = await MosquittoToolScenarios.LatencyAsync(broker, settings, "bench/tools-latency", frameFile);
Console.WriteLine($"latency mosquitto_pub/sub @ {settings.Fps} fps:  {toolsLatency}");
Console.WriteLine($"p50 difference (ours - tools): {oursLatency.P50 - toolsLatency.P50:F3} ms");
