using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MqttCam.Testing.Processes;
using Xunit;

namespace MqttCam.Testing.Media;

/// <summary>What ffprobe says about a video file's first stream (frames decoded and counted, not estimated).</summary>
public sealed record VideoProbe(string Codec, int Frames, double Duration, int Width, int Height)
{
    public static async Task<VideoProbe> ProbeAsync(string path)
    {
        var ffprobe = ExecutableLocator.Require("ffprobe", "ffmpeg");
        var start = new ProcessStartInfo(ffprobe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=codec_name,nb_read_frames,width,height:format=duration", "-of", "json", path })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var json = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"ffprobe failed on {path}: {await errors}");
        using var document = JsonDocument.Parse(json);
        var stream = document.RootElement.GetProperty("streams")[0];
        return new VideoProbe(
            stream.GetProperty("codec_name").GetString()!,
            int.Parse(stream.GetProperty("nb_read_frames").GetString()!, CultureInfo.InvariantCulture),
            double.Parse(document.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture),
            stream.GetProperty("width").GetInt32(),
            stream.GetProperty("height").GetInt32());
    }
}
