using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MqttCam.Cli.Tests.Support;

/// <summary>ffmpeg/ffprobe and the fake rpicam-vid; a missing tool fails the test naming the apt package.</summary>
public static class Tools
{
    private static readonly Lazy<string> s_fakeRpicam = new(PrepareFakeRpicam);

    public static string FakeRpicam => s_fakeRpicam.Value;

    public static void RequireFfmpeg()
    {
        foreach (var tool in new[] { "ffmpeg", "ffprobe" })
        {
            Assert.True(Capture.Processes.ExecutableLocator.Find(tool) is not null, $"{tool} is not on PATH: apt-get install ffmpeg");
        }
    }

    /// <summary>What ffprobe says about the first video stream: codec, frame count (decoded), duration in seconds.</summary>
    public static async Task<(string Codec, int Frames, double Duration, int Width, int Height)> ProbeAsync(string path)
    {
        RequireFfmpeg();
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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
        return (
            stream.GetProperty("codec_name").GetString()!,
            int.Parse(stream.GetProperty("nb_read_frames").GetString()!, CultureInfo.InvariantCulture),
            double.Parse(document.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture),
            stream.GetProperty("width").GetInt32(),
            stream.GetProperty("height").GetInt32());
    }

    private static string PrepareFakeRpicam()
    {
        RequireFfmpeg();
        var script = Path.Combine(AppContext.BaseDirectory, "FakeRpicam", "rpicam-vid");
        Assert.True(File.Exists(script), $"The fake rpicam-vid script was not copied to {script}");

        // Copying to the output folder does not keep the executable bit.
        if (OperatingSystem.IsWindows())
        {
            Assert.Fail("The fake rpicam-vid is a shell script: these tests need Linux.");
        }
        else
        {
            File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        return script;
    }
}
