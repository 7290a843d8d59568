using System.Diagnostics;

namespace MqttCam.Capture.Tests.Support;

/// <summary>
/// Real programs the tests need. A missing one fails the test with the package to install (never a skip), and the
/// fake rpicam-vid folder is put first on PATH once for the whole test process.
/// </summary>
public static class ExternalTools
{
    private static readonly Lazy<string> s_fakeRpicamDirectory = new(PutFakeRpicamOnPath);

    public static string FakeRpicamDirectory => s_fakeRpicamDirectory.Value;

    public static void RequireFfmpeg()
    {
        foreach (var tool in new[] { "ffmpeg", "ffprobe" })
        {
            var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Any(d => File.Exists(Path.Combine(d, tool)));
            Assert.True(found, $"{tool} is not on PATH: apt-get install ffmpeg");
        }
    }

    public static void RequireFakeRpicam()
    {
        RequireFfmpeg();
        _ = FakeRpicamDirectory;
    }

    /// <summary>Runs ffmpeg to completion (used to prepare input files) and returns its exit code and stderr.</summary>
    public static async Task<(int ExitCode, string Error)> RunFfmpegAsync(params string[] arguments)
    {
        RequireFfmpeg();
        var startInfo = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return (process.ExitCode, await error);
    }

    /// <summary>True while the process exists (also as a zombie: an unreaped child still has a /proc entry).</summary>
    public static bool ProcessExists(int processId) => Directory.Exists($"/proc/{processId}");

    private static string PutFakeRpicamOnPath()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "FakeRpicam");
        var script = Path.Combine(directory, "rpicam-vid");
        Assert.True(File.Exists(script), $"The fake rpicam-vid script was not copied to {directory}");

        // Copying to the output folder does not keep the executable bit.
        if (OperatingSystem.IsWindows())
        {
            Assert.Fail("The capture process tests need Linux (the fake rpicam-vid is a shell script).");
        }
        else
        {
            File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        Environment.SetEnvironmentVariable("PATH", directory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"));
        return directory;
    }
}
