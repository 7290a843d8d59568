using System.Runtime.InteropServices;
using DeviceBench;
using MqttCam.Testing.Broker;

// Usage: dotnet run -c Release --project bench/DeviceBench [-- --soak 600 --phase 60 --warmup 15 --fps 30]
// Runs, one after another in this one process: the device in ffmpeg passthrough for the soak, the device with the
// test pattern, then the seed design; each only with the broker/server it needs. Bounded: soak + 2 phases + start-up.
var options = BenchOptions.Parse(args);
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
var token = cancellation.Token;
var work = Directory.CreateTempSubdirectory("devbench-");
try
{
    if (BenchEnvironment.Configuration != "Release")
    {
        Console.WriteLine($"warning: built in {BenchEnvironment.Configuration}; the figures are meant for -c Release.");
    }

    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
    Console.WriteLine($"settings: {options.Width}x{options.Height} @ {options.Fps} fps, soak {options.Soak.TotalSeconds} s, phase {options.Phase.TotalSeconds} s, warm-up {options.Warmup.TotalSeconds} s");
    var input = await RecordedInput.CreateAsync(work.FullName, options, token);
    Console.WriteLine($"input: {input}, {new FileInfo(input).Length / (options.Fps * 10)} bytes per frame on average");

    await using var broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { ExtraConfig = ["set_tcp_nodelay true"] }, token);
    const string prefix = "devbench";
    await using var images = await ImageCounter.StartAsync(broker.Host, broker.Port, prefix, token);
    var bench = new BenchEnvironment(options, broker, images, prefix, input, BenchEnvironment.FindRepositoryRoot(), work.FullName);
    string inputArgs = string.Join(' ', bench.FfmpegInput);

    Console.WriteLine("running: device, ffmpeg passthrough (soak)");
    var passthrough = await DeviceScenario.RunAsync(
        bench, "device: ffmpeg MJPEG passthrough", "passthrough", options.Soak, ["--Camera:Source=Ffmpeg", $"--Camera:FfmpegInput={inputArgs}"], token);
    Console.WriteLine(Report.RssPerMinute(passthrough, "device"));

    Console.WriteLine("running: device, test pattern");
    var pattern = await DeviceScenario.RunAsync(bench, "device: test pattern", "testpattern", options.Phase, ["--Camera:Source=TestPattern"], token);

    Console.WriteLine("running: seed design");
    var seed = await SeedScenario.RunAsync(bench, options.Phase, token);

    Console.WriteLine();
    Console.WriteLine(Report.Format([(passthrough, "device", "mosquitto"), (pattern, "device", "mosquitto"), (seed, "seed loop", "seed server")]));
    return 0;
}
catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
{
    Console.Error.WriteLine($"devbench: {ex.Message}");
    return 1;
}
finally
{
    work.Delete(recursive: true);
}
