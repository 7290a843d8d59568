namespace MqttCam.Bridge.Tests.Support;

/// <summary>
/// Paths of the repository's other programs as built next to this test run (same configuration). The device is run
/// from its own output folder rather than copied here: its appsettings.json would replace the bridge's.
/// </summary>
internal static class BuiltProgram
{
    /// <summary>The <c>mqttcam</c> CLI, copied into the test output by the project reference.</summary>
    public static string Cli => Require(Path.Combine(AppContext.BaseDirectory, "mqttcam.dll"));

    /// <summary>MqttCam.Device in src/MqttCam.Device/bin/&lt;configuration&gt;/&lt;tfm&gt;/ (built through the project reference).</summary>
    public static string Device
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = output.Name;
            var configuration = output.Parent!.Name;
            var repository = output;
            while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "MqttCam.sln")))
            {
                repository = repository.Parent;
            }

            Assert.True(repository is not null, $"MqttCam.sln not found above {AppContext.BaseDirectory}");
            return Require(Path.Combine(repository!.FullName, "src", "MqttCam.Device", "bin", configuration, framework, "MqttCam.Device.dll"));
        }
    }

    private static string Require(string path)
    {
        Assert.True(File.Exists(path), $"{path} is missing: build tests/MqttCam.Bridge.Tests (it references the project).");
        return path;
    }
}
