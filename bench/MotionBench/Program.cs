using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using MotionBench;
using MqttCam.Device.Motion;
using MqttCam.Imaging;
using MqttCam.Imaging.Dc;
using MqttCam.Testing.Media;
using MqttCam.Testing.Time;

// Usage: dotnet bench/MotionBench/bin/Release/net10.0/MotionBench.dll [still minutes] [cpu runs] [detection trials]
//    or: ... MotionBench.dll profile [frames] [before]: only the DC reader (or, after fetch-before.sh, an earlier
//        commit's) on noise-8 frames, for perf.
if (args.Length > 0 && args[0] == "profile")
{
    var scene = new SyntheticScene(1280, 720, noiseSigma: 8, seed: 1);
    byte[][] frames = [.. Enumerable.Range(0, 30).Select(i => scene.Jpeg(i).ToArray())];
    byte[] picture = new byte[160 * 90];
    int count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20000;
    bool before = args.Length > 2 && args[2] == "before";
    var now = new JpegDcDecoder();
    var copy = before ? BeforeReader.Create() ?? throw new InvalidOperationException("no earlier reader: run bench/MotionBench/fetch-before.sh and rebuild") : null;
    TimeSpan cpuStart = Environment.CpuUsage.TotalTime;
    int refused = 0;
    for (int i = 0; i < count; i++)
    {
        JpegDcRefusal refusal = before
            ? copy!(frames[i % frames.Length], picture, 160)
            : now.Decode(frames[i % frames.Length], picture, 160, out _, out _);
        refused += refusal == JpegDcRefusal.None ? 0 : 1;
    }

    Console.WriteLine($"{(before ? $"DC reader at {BeforeReader.Commit}" : "DC reader now")}: {(Environment.CpuUsage.TotalTime - cpuStart).TotalMilliseconds / count:F3} ms CPU/frame over {count} frames, {refused} refused");
    return;
}

double minutes = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
int cpuRuns = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
int trials = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
const int width = 1280, height = 720;
const double analysisFps = MotionDetector.MaxAnalysisFps;
TimeSpan interval = TimeSpan.FromSeconds(1 / analysisFps);
MotionOptions options = MotionOptions.Default;

Console.WriteLine($"MotionBench: {width}x{height} q80 4:2:0 synthetic scenes, analysed at {analysisFps} fps, settings sensitivity {options.Sensitivity}, min area {options.MinAreaPercent}%, hold {options.Hold.TotalSeconds} s");
Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"{RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine();

string F(double value, string format = "F2") => value.ToString(format, CultureInfo.InvariantCulture);

// 1. CPU per analysed frame, on 30 distinct frames cycled: noise 8 grey levels (128 KB, camera-like) and noise 3
// (53 KB, a camera after strong ISP denoise). Every variant runs in the same rounds, interleaved (A B C D, A B C D ...).
{
    var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
    var naive = new FrameDifferenceDetector(clock);
    var dc = new JpegDcDecoder();
    var dcBefore = BeforeReader.Create(); // an earlier commit's DC reader, when fetch-before.sh wrote it
    byte[] gray = new byte[(width / 8) * (height / 8)];
    var model = new BackgroundModel();
    const int rounds = 10;

    (double Cpu, double Median, long Allocated)[] SideBySide(params Action<int>[] actions)
    {
        foreach (Action<int> action in actions)
        {
            for (int i = 0; i < 30; i++)
            {
                action(i);
            }
        }

        int perRound = Math.Max(1, cpuRuns / rounds);
        var times = actions.Select(_ => new List<double>(perRound * rounds)).ToArray();
        var cpu = new double[actions.Length];
        var allocated = new long[actions.Length];
        for (int round = 0; round < rounds; round++)
        {
            for (int a = 0; a < actions.Length; a++)
            {
                long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                TimeSpan cpuBefore = Environment.CpuUsage.TotalTime;
                for (int i = round * perRound; i < (round + 1) * perRound; i++)
                {
                    long start = Stopwatch.GetTimestamp();
                    actions[a](i);
                    times[a].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }

                cpu[a] += (Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds;
                allocated[a] += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            }
        }

        int runs = perRound * rounds;
        return [.. actions.Select((_, a) => (cpu[a] / runs, times[a].Order().ElementAt(runs / 2), allocated[a] / runs))];
    }

    void Row(string frames, string step, (double Cpu, double Median, long Allocated) r) =>
        Console.WriteLine($"| {frames} | {step} | {F(r.Cpu, "F3")} | {F(r.Median, "F3")} | {r.Allocated:N0} |");

    Console.WriteLine($"### CPU per analysed 720p frame ({rounds} interleaved rounds of {Math.Max(1, cpuRuns / rounds)} frames per variant after 30 warm-up, one thread)");
    Console.WriteLine();
    Console.WriteLine("| frames | step | CPU ms/frame | median wall ms | allocated B/frame |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach ((double noise, string label) in new[] { (8.0, "noise 8"), (3.0, "noise 3") })
    {
        var scene = new SyntheticScene(width, height, noiseSigma: noise, seed: 1);
        byte[][] frames = [.. Enumerable.Range(0, 30).Select(i => scene.Jpeg(i).ToArray())];
        string name = $"{label}, {frames.Average(f => f.Length) / 1024:F0} KB";
        var ours = new MotionDetector(options, clock);
        var before = new BackgroundModel();
        byte[] beforeGray = new byte[gray.Length];

        // The detector as it was: libturbojpeg header check, its 1/8 gray decode, the same model.
        void Before(int i)
        {
            byte[] jpeg = frames[i % frames.Length];
            JpegCodec.TryReadInfo(jpeg, out _);
            JpegCodec.Decode(jpeg, JpegScale.Eighth, PixelFormat.Gray8, beforeGray, width / 8);
            before.Apply(beforeGray, width / 8, height / 8, options.Sensitivity, options.Roi);
        }

        List<Action<int>> variants =
        [
            i => JpegCodec.Decode(frames[i % frames.Length], JpegScale.Eighth, PixelFormat.Gray8, gray, width / 8),
            i => dc.Decode(frames[i % frames.Length], gray, width / 8, out _, out _),
            i => ours.TryAnalyse(frames[i % frames.Length], i, out _, out _),
            Before,
            i => naive.Analyse(frames[i % frames.Length], i, options),
        ];
        if (dcBefore is not null)
        {
            variants.Add(i => dcBefore(frames[i % frames.Length], gray, width / 8));
        }

        var results = SideBySide([.. variants]);
        Row(name, "libturbojpeg 1/8 gray decode alone", results[0]);
        Row(name, "**DC reader now** (JpegDcDecoder) alone", results[1]);
        Row(name, "**detector now**: header + DC reader + model + state", results[2]);
        Row(name, "detector before the DC reader: header + libturbojpeg 1/8 + model", results[3]);
        Row(name, "naive: full gray decode + frame difference", results[4]);
        string earlier = "";
        if (dcBefore is not null)
        {
            Row(name, $"DC reader at {BeforeReader.Commit} alone (fetch-before.sh)", results[5]);
            byte[] nowPicture = new byte[gray.Length], copyPicture = new byte[gray.Length];
            int differing = frames.Count(f =>
            {
                dc.Decode(f, nowPicture, width / 8, out _, out _);
                dcBefore(f, copyPicture, width / 8);
                return !nowPicture.AsSpan().SequenceEqual(copyPicture);
            });
            earlier = $"DC reader at {BeforeReader.Commit} / now {F(results[5].Cpu / results[1].Cpu)}x ({differing} of {frames.Length} frames decode differently), ";
        }

        Console.WriteLine($"| {name} | ratios | {earlier}libturbojpeg / DC reader {F(results[0].Cpu / results[1].Cpu)}x, before / now {F(results[3].Cpu / results[2].Cpu)}x; DC reader fallbacks {ours.FallbackDecodes} | | |");
    }

    byte[] first = new SyntheticScene(width, height, noiseSigma: 8, seed: 1).Jpeg(0).ToArray();
    dc.Decode(first, gray, width / 8, out _, out _);
    var models = SideBySide(
        _ => model.Apply(gray, width / 8, height / 8, options.Sensitivity, options.Roi),
        _ => JpegCodec.TryReadInfo(first, out JpegInfo _));
    Row("160x90", "background model alone", models[0]);
    Row("noise 8, 128 KB", "libturbojpeg header check alone (tjDecompressHeader3)", models[1]);
    Console.WriteLine();
}

// 2. Still scenes with sensor-like noise and a slow light drift: events in `minutes` of frames at the analysis rate.
{
    int frames = (int)(minutes * 60 * analysisFps);
    Console.WriteLine($"### Still scene, {F(minutes, "0.#")} minutes = {frames} analysed frames: events (goal 0)");
    Console.WriteLine();
    Console.WriteLine("| scene | ours: starts | ours: largest area % | naive: starts | naive: largest area % |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach ((double noise, double drift) in new[] { (4.0, 0.0), (8.0, 20.0), (16.0, 30.0) })
    {
        var scene = new SyntheticScene(width, height, noise, seed: 2, driftLevels: drift, driftPeriodFrames: frames);
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var ours = new MotionDetector(options, clock);
        var naive = new FrameDifferenceDetector(clock);
        int ourStarts = 0, naiveStarts = 0;
        double ourArea = 0, naiveArea = 0;
        for (int i = 0; i < frames; i++)
        {
            ReadOnlySpan<byte> jpeg = scene.Jpeg(i).Span;
            ours.TryAnalyse(jpeg, i, out MotionFrameResult result, out _);
            ourArea = Math.Max(ourArea, result.AreaPercent);
            ourStarts += result.Event?.State == MotionEventState.Start ? 1 : 0;
            MotionEvent? naiveEvent = naive.Analyse(jpeg, i, options, out double area);
            naiveArea = Math.Max(naiveArea, area);
            naiveStarts += naiveEvent?.State == MotionEventState.Start ? 1 : 0;
            clock.Advance(interval);
        }

        Console.WriteLine($"| noise {F(noise, "0")} grey levels, drift ±{F(drift, "0")} | {ourStarts} | {F(ourArea, "F3")} | {naiveStarts} | {F(naiveArea, "F3")} |");
    }

    Console.WriteLine();
}

// 3. A square walking into a still noisy scene: analysed frames until the start event.
{
    Console.WriteLine($"### Moving object (a {height / 4} px square, 12 px per analysed frame = 60 px/s) entering a still scene (noise 8): time to detection, {trials} trials (goal <= 0.5 s)");
    Console.WriteLine();
    var ourDelays = new List<double>();
    var naiveDelays = new List<double>();
    for (int trial = 0; trial < trials; trial++)
    {
        var scene = new SyntheticScene(width, height, noiseSigma: 8, seed: 100 + trial);
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var ours = new MotionDetector(options, clock);
        var naive = new FrameDifferenceDetector(clock);
        var random = new Random(trial);
        int appears = 25, top = random.Next(0, height - (height / 4));
        double? ourDelay = null, naiveDelay = null;
        for (int i = 0; i < appears + 25 && (ourDelay is null || naiveDelay is null); i++)
        {
            SceneObject? square = i < appears ? null : new SceneObject((i - appears) * 12, top, height / 4, (byte)random.Next(0, 40));
            ReadOnlySpan<byte> jpeg = scene.Jpeg(i, square).Span;
            ours.TryAnalyse(jpeg, i, out MotionFrameResult result, out _);
            if (ourDelay is null && result.Event?.State == MotionEventState.Start)
            {
                ourDelay = (i - appears) / analysisFps;
            }

            if (naive.Analyse(jpeg, i, options)?.State == MotionEventState.Start && naiveDelay is null)
            {
                naiveDelay = (i - appears) / analysisFps;
            }

            clock.Advance(interval);
        }

        ourDelays.Add(ourDelay ?? double.PositiveInfinity);
        naiveDelays.Add(naiveDelay ?? double.PositiveInfinity);
    }

    string Summary(List<double> delays) =>
        $"{delays.Count(double.IsFinite)}/{delays.Count} found; median {F(delays.Order().ElementAt(delays.Count / 2))} s, worst {F(delays.Max())} s";
    Console.WriteLine("| detector | detection (seconds after the object appears) |");
    Console.WriteLine("|---|---|");
    Console.WriteLine($"| ours | {Summary(ourDelays)} |");
    Console.WriteLine($"| naive | {Summary(naiveDelays)} |");
}
