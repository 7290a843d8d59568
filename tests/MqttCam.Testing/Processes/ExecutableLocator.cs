namespace MqttCam.Testing.Processes;

/// <summary>Finds tools on PATH and in the sbin folders Debian uses (mosquitto lives in /usr/sbin, often off a user's PATH).</summary>
public static class ExecutableLocator
{
    private static readonly string[] s_extraFolders = ["/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin", "/usr/local/bin"];

    /// <summary>Returns the full path of <paramref name="name"/> or throws with the apt package that provides it.</summary>
    public static string Require(string name, string aptPackage)
    {
        string? path = Find(name);
        return path ?? throw new InvalidOperationException($"{name} not found: apt-get install {aptPackage}");
    }

    public static string? Find(string name)
    {
        IEnumerable<string> folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(s_extraFolders);
        foreach (string folder in folders)
        {
            string candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
