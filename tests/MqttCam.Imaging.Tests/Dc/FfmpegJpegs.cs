using System.Globalization;
using MqttCam.Testing.Processes;

namespace MqttCam.Imaging.Tests.Dc;

/// <summary>JPEGs from ffmpeg's MJPEG encoder: another encoder's tables and choices, and the only restart intervals we can make (slices).</summary>
internal static class FfmpegJpegs
{
    /// <summary>One frame of a seeded noisy test pattern, piped out of ffmpeg (no files).</summary>
    public static async Task<byte[]> CreateAsync(int width, int height, string pixelFormat, int qscale, bool optimalHuffman, int slices, int noise, int seed)
    {
        string ffmpeg = ExecutableLocator.Require("ffmpeg", "ffmpeg");
        string size = string.Create(CultureInfo.InvariantCulture, $"{width}x{height}");
        string filter = noise > 0 ? string.Create(CultureInfo.InvariantCulture, $"noise=alls={noise}:allf=t:all_seed={seed}") : "null";
        string[] arguments =
        [
            "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", $"testsrc2=size={size}:rate=1", "-frames:v", "1",
            "-vf", filter, "-pix_fmt", pixelFormat, "-c:v", "mjpeg", "-q:v", qscale.ToString(CultureInfo.InvariantCulture),
            "-huffman", optimalHuffman ? "optimal" : "default",
            "-threads", slices.ToString(CultureInfo.InvariantCulture), "-slices", slices.ToString(CultureInfo.InvariantCulture),
            "-f", "image2pipe", "-",
        ];
        await using ChildProcess process = ChildProcess.Start(ffmpeg, arguments, new ChildProcessOptions { BinaryStandardOutput = true });
        int exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, $"ffmpeg {string.Join(' ', arguments)} failed: {process.GetOutput()}");
        byte[] jpeg = process.GetStandardOutputBytes();
        Assert.True(jpeg.Length > 100, $"ffmpeg wrote {jpeg.Length} bytes");
        return jpeg;
    }

    /// <summary>Whether the JPEG has a DRI segment with a non-zero interval and RST markers.</summary>
    public static bool HasRestarts(byte[] jpeg)
    {
        int dri = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xDD]);
        return dri >= 0 && (jpeg[dri + 4] | jpeg[dri + 5]) != 0 && jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xD0]) > dri;
    }
}
