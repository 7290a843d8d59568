using System.Diagnostics;

namespace JpegBench;

/// <summary>
/// Camera-like test frames from ffmpeg's testsrc2 plus sensor noise: noisy content is what makes real camera JPEGs
/// large and slow to entropy-decode, so clean synthetic frames would flatter every figure.
/// </summary>
internal static class CameraFrames
{
    public static byte[] Rgb24(int width, int height)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            "-loglevel", "error", "-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate=1,noise=alls=12:allf=t",
            "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using Process ffmpeg = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start (apt-get install ffmpeg).");
        using var pixels = new MemoryStream();
        ffmpeg.StandardOutput.BaseStream.CopyTo(pixels);
        ffmpeg.WaitForExit();
        if (ffmpeg.ExitCode != 0 || pixels.Length != (long)width * height * 3)
        {
            throw new InvalidOperationException($"ffmpeg exited {ffmpeg.ExitCode} with {pixels.Length} bytes for a {width}x{height} frame.");
        }

        return pixels.ToArray();
    }
}
