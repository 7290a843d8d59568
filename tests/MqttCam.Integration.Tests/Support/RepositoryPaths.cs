namespace MqttCam.Integration.Tests.Support;

/// <summary>Files of this repository, so the tests run the very configs, flows, scripts and README users copy.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    public static string Get(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MqttCam.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"MqttCam.sln not found above {AppContext.BaseDirectory}; the tests read files of the repository.");
    }
}
