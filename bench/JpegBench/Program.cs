using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using JpegBench;
using MqttCam.Imaging;

// Usage: dotnet run -c Release --project bench/JpegBench -- [runs] [warmup]
int runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
int warmup = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
const int quality = 80;

Console.WriteLine($"JpegBench: {runs} runs after {warmup} warm-up, one thread, q{quality} 4:2:0 RGB, noisy testsrc2 frames");
Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"{RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine();
Console.WriteLine("| operation | output | median ms | p90 ms | CPU ms/op | allocated B/op |");
Console.WriteLine("|---|---|---|---|---|---|");

void Report(string operation, string output, Action action)
{
    (double median, double p90, double cpu, long allocated) = Measurement.Run(warmup, runs, action);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {operation} | {output} | {median:F2} | {p90:F2} | {cpu:F2} | {allocated:N0} |"));
}

var jpegs = new Dictionary<int, byte[]>();
foreach ((int width, int height) in new[] { (1280, 720), (1920, 1080) })
{
    byte[] rgb = CameraFrames.Rgb24(width, height);
    byte[] jpeg = JpegCodec.Encode(rgb, width, height, width * 3, PixelFormat.Rgb24, quality);
    jpegs[height] = jpeg;
    string name = $"{height}p";

    Report($"encode {name}", $"{jpeg.Length:N0} B JPEG", () => JpegCodec.Encode(rgb, width, height, width * 3, PixelFormat.Rgb24, quality));
    var writer = new ArrayBufferWriter<byte>(jpeg.Length * 4);
    Report($"encode {name} into IBufferWriter", "reused writer", () =>
    {
        writer.ResetWrittenCount();
        JpegCodec.Encode(rgb, width, height, width * 3, PixelFormat.Rgb24, quality, JpegSubsampling.Yuv420, writer);
    });

    // Every down-scale, not just the main four: it shows why ChooseScale skips the odd ones.
    foreach (JpegScale scale in JpegCodec.SupportedScales.Where(s => s.Numerator <= s.Denominator))
    {
        int w = scale.Apply(width);
        int h = scale.Apply(height);
        byte[] destination = new byte[w * h * 3];
        Report($"decode {name} {scale}", $"{w}x{h}", () => JpegCodec.Decode(jpeg, scale, PixelFormat.Rgb24, destination, w * 3));
    }

    Report($"decode {name} 1/1 (new RawImage)", "allocating", () => JpegCodec.Decode(jpeg));
    Report($"ReadInfo {name}", "header only", () => JpegCodec.ReadInfo(jpeg));
}

byte[] source = jpegs[720];
foreach ((int width, int height) in new[] { (640, 360), (500, 281), (320, 180), (1000, 562), (1920, 1080) })
{
    JpegScale scale = JpegCodec.ChooseScale(1280, 720, width, height);
    Report($"JpegResizer 1280x720 -> {width}x{height}", $"via DCT {scale} ({scale.Apply(1280)}x{scale.Apply(720)})", () => JpegResizer.Resize(source, width, height, quality));
}

RawImage half = JpegCodec.Decode(source, JpegScale.Half);
byte[] resampled = new byte[500 * 281 * 3];
Report("ImageResampler 640x360 -> 500x281", "resample step alone", () => ImageResampler.Resize(half.Pixels, 640, 360, 640 * 3, resampled, 500, 281, 500 * 3, 3));
RawImage full = JpegCodec.Decode(source);
byte[] quarterSize = new byte[320 * 180 * 3];
Report("ImageResampler 1280x720 -> 320x180", "area average, 4x4", () => ImageResampler.Resize(full.Pixels, 1280, 720, 1280 * 3, quarterSize, 320, 180, 320 * 3, 3));
byte[] upscaled = new byte[1920 * 1080 * 3];
Report("ImageResampler 1280x720 -> 1920x1080", "bilinear", () => ImageResampler.Resize(full.Pixels, 1280, 720, 1280 * 3, upscaled, 1920, 1080, 1920 * 3, 3));
return 0;
