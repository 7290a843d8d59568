using MqttCam.Testing.Processes;

namespace DeviceBench;

/// <summary>
/// A pre-recorded 1280x720 30 fps MJPEG file with per-frame noise, so every frame differs and compresses like a real
/// sensor's (about 100-150 KB), instead of a clean synthetic picture that would make frames unrealistically small.
/// </summary>
public static class RecordedInput
{
    public static async Task<string> CreateAsync(string directory, BenchOptions options, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, $"noisy-{options.Width}x{options.Height}-{options.Fps}.mjpeg");
        string[] args =
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", $"testsrc2=size={options.Width}x{options.Height}:rate={options.Fps},noise=alls=12:allf=t+u",
            "-frames:v", (options.Fps * 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c:v", "mjpeg", "-q:v", "4", "-f", "mjpeg", path,
        ];
        ExecutableLocator.Require("ffmpeg", "ffmpeg");
        await using var ffmpeg = ChildProcess.Start("ffmpeg", args);
        var exit = await ffmpeg.WaitForExitAsync(TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
        if (exit != 0)
        {
            throw new InvalidOperationException($"ffmpeg could not record the input (exit {exit}): {ffmpeg.GetOutput()}");
        }

        return path;
    }
}
