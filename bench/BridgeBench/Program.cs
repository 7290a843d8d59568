using System.Globalization;
using System.Text;
using BridgeBench;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MqttCam.Bridge;
using MqttCam.Bridge.Cameras;
using MqttCam.Mqtt;

// Usage: dotnet run -c Release --project bench/BridgeBench -- [--seconds 10] [--skip-wrk] [--skip-latency] [--skip-fanout]
//        [--fanout-variants "fast;sendfile:MQTTCAM_Bridge__LiveSendfile=true" --fanout-ceiling --fanout-reader raw]
//        [--wrk-cpus 1] [--out file.md] [--live-variants "base;inline:DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1" --rounds 2]
// --live-variants runs the real bridge binary once per variant (environment variables per variant) next to nginx and
// the seed design, interleaved in rounds, instead of the in-process wrk section.
// --wrk-cpus runs wrk under `taskset -c <cpus>`; start the bench itself under `taskset -c 0` so the servers (which
// inherit its affinity) and the load generator stop competing for the same core.
var seconds = ArgValue("--seconds", 10);
var wrkCpus = ArgText("--wrk-cpus");
var report = new StringBuilder();
var work = Directory.CreateTempSubdirectory("bridgebench-").FullName;
const string Prefix = "bench";
const string CameraId = "cam";
var topic = $"{Prefix}/{CameraId}/image";

var frame = BenchFrames.CreateCameraLike(1280, 720, 125_000);
Console.WriteLine($"frame: 1280x720, {frame.Length} bytes");
report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} usable cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}, concurrent GC {AppContext.TryGetSwitch("System.GC.Concurrent", out var concurrent) && concurrent}, wrk CPUs {wrkCpus ?? "any"}.");
report.AppendLine(CultureInfo.InvariantCulture, $"Frame: 1280x720 camera-like JPEG, {frame.Length} bytes. Everything on loopback in one run.");
report.AppendLine();

var brokerPort = ExternalProcess.FreePort();
await File.WriteAllTextAsync(Path.Combine(work, "mosquitto.conf"), $"listener {brokerPort} 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\nuser root\nmax_queued_messages 10000\n");
await using var broker = ExternalProcess.Start("mosquitto", ["-c", Path.Combine(work, "mosquitto.conf")]);
await ExternalProcess.WaitForPortAsync(brokerPort, TimeSpan.FromSeconds(10));

var bridgePort = ExternalProcess.FreePort();
var app = BridgeApp.Build(["--urls", $"http://127.0.0.1:{bridgePort}"], config => config.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Mqtt:Port"] = brokerPort.ToString(CultureInfo.InvariantCulture),
    ["Mqtt:Host"] = "127.0.0.1",
    ["Mqtt:TopicPrefix"] = Prefix,
    ["Logging:LogLevel:Default"] = "Warning",
}));
await app.StartAsync();
var bridge = new Uri($"http://127.0.0.1:{bridgePort}");
var registry = app.Services.GetRequiredService<CameraRegistry>();

await using var publisher = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = brokerPort, MaxPendingPublishes = 256 });
await publisher.ConnectAsync();
var firstFrame = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
registry.FrameAccepted += _ => firstFrame.TrySetResult();
await publisher.PublishAsync(topic, frame, MqttQos.AtLeastOnce, retain: true);
await firstFrame.Task.WaitAsync(TimeSpan.FromSeconds(10));

if (ArgText("--live-variants") is { } variants)
{
    report.AppendLine("## live.jpeg variants, interleaved");
    report.AppendLine();
    report.AppendLine(await VariantBench.RunAsync(work, brokerPort, Prefix, CameraId, frame, variants, ArgValue("--rounds", 2), seconds, wrkCpus, [100, 1000], args.Contains("--ceiling")));
}
else if (!args.Contains("--skip-wrk"))
{
    var nginxPort = ExternalProcess.FreePort();
    await using var nginx = await ComparisonServers.StartNginxAsync(Path.Combine(work, "nginx"), frame, nginxPort);
    ExternalProcess? flask = null;
    var flaskPort = ExternalProcess.FreePort();
    if (File.Exists("/usr/bin/gunicorn"))
    {
        flask = await ComparisonServers.StartFlaskAsync(Path.Combine(work, "flask"), frame, flaskPort);
    }
    else
    {
        Console.WriteLine("gunicorn missing: apt-get install python3-flask gunicorn (the original-design row is skipped)");
    }

    var targets = new List<(string Name, string Url)>
    {
        ("MqttCam.Bridge /cameras/cam/live.jpeg", $"{bridge}cameras/{CameraId}/live.jpeg"),
        ("nginx static file", $"http://127.0.0.1:{nginxPort}/live.jpeg"),
    };
    if (flask is not null)
    {
        targets.Add(("original design (Flask + SQLite, gunicorn)", $"http://127.0.0.1:{flaskPort}/live.jpeg"));
    }

    report.AppendLine("## live.jpeg with wrk");
    report.AppendLine();
    report.AppendLine(CultureInfo.InvariantCulture, $"`wrk -t2 -c<N> -d{seconds}s --latency --timeout 10s <url>`, each target in turn, same bytes.");
    report.AppendLine();
    report.AppendLine("| server | connections | requests/s | p50 ms | p99 ms | errors |");
    report.AppendLine("|---|---|---|---|---|---|");
    foreach (var connections in new[] { 100, 1000 })
    {
        foreach (var (name, url) in targets)
        {
            string[] wrkArgs = ["-t2", $"-c{connections}", $"-d{seconds}s", "--latency", "--timeout", "10s", url];
            var wrk = wrkCpus is null ? ExternalProcess.Start("wrk", wrkArgs) : ExternalProcess.Start("taskset", ["-c", wrkCpus, "wrk", .. wrkArgs]);
            var result = WrkResult.Parse(await wrk.WaitForExitAsync(TimeSpan.FromSeconds(seconds + 60)));
            await wrk.DisposeAsync();
            var line = string.Create(CultureInfo.InvariantCulture, $"| {name} | {connections} | {result.RequestsPerSecond:0} | {result.P50Ms:0.00} | {result.P99Ms:0.00} | {result.Errors} |");
            Console.WriteLine(line);
            report.AppendLine(line);
        }
    }

    report.AppendLine();
    if (flask is not null)
    {
        await flask.DisposeAsync();
    }
}

if (!args.Contains("--skip-latency"))
{
    report.AppendLine("## Publish → client latency");
    report.AppendLine();
    report.AppendLine("A MqttClient publisher sends tagged frames at 30 fps; the same frames are received by mosquitto_sub -N (the C floor), a MqttClient subscriber, an MJPEG client and a WebSocket client of the bridge. Latency = publish call → last byte of the frame read by the client (Stopwatch, same process except mosquitto_sub whose pipe read is timed in-process).");
    report.AppendLine();
    report.AppendLine(await LatencyBench.RunAsync(publisher, topic, brokerPort, bridge, CameraId, frame, 30, Math.Max(150, seconds * 30)));
}

if (ArgText("--fanout-variants") is { } fanOutVariants)
{
    // The same steps against each variant's bridge process in turn: all subscribe to the one camera, so each step's
    // frames reach every bridge, and only the one under test has clients.
    report.AppendLine("## MJPEG fan-out at 30 fps (720p), variants interleaved");
    report.AppendLine();
    var bridges = new List<(string Name, Uri Url, ExternalProcess Process)>();
    foreach (var (name, env) in VariantBench.ParseVariants(fanOutVariants))
    {
        var (url, process) = await VariantBench.StartBridgeAsync(env, brokerPort, Prefix, CameraId);
        bridges.Add((name, new Uri(url), process));
    }

    // --fanout-ceiling: the raw fan-out server (same part bytes, one copy per client, nothing else) as one more target.
    await using var ceilingServer = args.Contains("--fanout-ceiling") ? RawFanOutServer.Start() : null;
    var ceilingPart = RawFanOutServer.Part(frame);
    var targets = bridges.Select(b => (b.Name, Url: new Uri(b.Url, $"cameras/{CameraId}/stream.mjpeg"), Publish: (Func<Task>)PublishFrame)).ToList();
    if (ceilingServer is not null)
    {
        targets.Add(("ceiling: raw fan-out", new Uri($"http://127.0.0.1:{ceilingServer.Port}/stream.mjpeg"), () =>
        {
            ceilingServer.Broadcast(ceilingPart);
            return Task.CompletedTask;
        }));
    }

    var rawReaders = ArgText("--fanout-reader") == "raw";
    report.AppendLine(CultureInfo.InvariantCulture, $"Readers: {(rawReaders ? "raw sockets counting part boundaries" : "HttpClient streams")}, in the bench process, the same for every target.");
    report.AppendLine();
    foreach (var step in FanOutSteps())
    {
        foreach (var (name, url, publish) in targets)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"**{name}**, {step} clients, load {VariantBench.LoadAverage()}:");
            report.AppendLine();
            report.AppendLine(await FanOutBench.RunAsync(publish, url, rawReaders, 30, TimeSpan.FromSeconds(Math.Min(seconds, 8)), [step]));
        }
    }

    if (ceilingServer is not null)
    {
        report.AppendLine(CultureInfo.InvariantCulture, $"Raw ceiling frames skipped for everyone because the previous broadcast was still running: {ceilingServer.BusySkips}.");
        report.AppendLine();
    }

    foreach (var (_, _, process) in bridges)
    {
        await process.DisposeAsync();
    }
}
else if (!args.Contains("--skip-fanout"))
{
    report.AppendLine("## MJPEG fan-out at 30 fps (720p)");
    report.AppendLine();
    report.AppendLine("Clients are HttpClient streams in the bench process (they share the 2 cores with the bridge and the broker).");
    report.AppendLine();
    report.AppendLine(await FanOutBench.RunAsync(PublishFrame, new Uri(bridge, $"cameras/{CameraId}/stream.mjpeg"), ArgText("--fanout-reader") == "raw", 30, TimeSpan.FromSeconds(Math.Min(seconds, 8)), FanOutSteps()));
}

await app.StopAsync();
await app.DisposeAsync();
Directory.Delete(work, recursive: true);

var output = report.ToString();
Console.WriteLine(output);
if (ArgText("--out") is { } path)
{
    await File.WriteAllTextAsync(path, output);
}

return 0;

async Task PublishFrame() => await publisher.PublishAsync(topic, frame, retain: true);

// --fanout-steps 200,400,1000: the client counts to try (each step stops the series when it fails).
int[] FanOutSteps() => ArgText("--fanout-steps") is { } steps ? [.. steps.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] : [25, 50, 100, 200, 400, 800];

int ArgValue(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

string? ArgText(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
