using MqttCam.Testing.Processes;
using Xunit;

namespace MqttCam.Testing.Media;

/// <summary>
/// The rpicam-vid stand-in (tests/MqttCam.Capture.Tests/FakeRpicam/rpicam-vid, linked into each test project's
/// output as FakeRpicam/rpicam-vid). It streams ffmpeg's test source, so ffmpeg must be installed.
/// </summary>
public static class FakeRpicam
{
    private static readonly Lazy<string> s_script = new(Prepare);

    /// <summary>The script's full path, executable.</summary>
    public static string ScriptPath => s_script.Value;

    /// <summary>The folder holding it (to put first on PATH).</summary>
    public static string Directory => System.IO.Path.GetDirectoryName(ScriptPath)!;

    private static string Prepare()
    {
        ExecutableLocator.Require("ffmpeg", "ffmpeg");
        var script = System.IO.Path.Combine(AppContext.BaseDirectory, "FakeRpicam", "rpicam-vid");
        Assert.True(File.Exists(script), $"The fake rpicam-vid script was not copied to {script} (link it in the test project)");
        if (OperatingSystem.IsWindows())
        {
            Assert.Fail("The fake rpicam-vid is a shell script: these tests need Linux.");
        }
        else
        {
            // Copying to the output folder does not keep the executable bit.
            File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return script;
    }
}
