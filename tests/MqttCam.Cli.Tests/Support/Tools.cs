namespace MqttCam.Cli.Tests.Support;

/// <summary>ffmpeg/ffprobe; a missing tool fails the test naming the apt package.</summary>
public static class Tools
{
    public static void RequireFfmpeg()
    {
        foreach (var tool in new[] { "ffmpeg", "ffprobe" })
        {
            Assert.True(Processes.ExecutableLocator.Find(tool) is not null, $"{tool} is not on PATH: apt-get install ffmpeg");
        }
    }
}
