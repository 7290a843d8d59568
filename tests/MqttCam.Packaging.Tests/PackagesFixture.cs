using MqttCam.Testing.Processes;

namespace MqttCam.Packaging.Tests;

/// <summary>Builds the four packages once per test run with scripts/package.sh (the command users and CI run).</summary>
public sealed class PackagesFixture : IAsyncLifetime
{
    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(30);

    public string RepositoryRoot { get; } = FindRepositoryRoot();

    public string Version { get; private set; } = "";

    public string PackageDirectory => Path.Combine(RepositoryRoot, "artifacts", "packages");

    public string PathOf(string package, string arch) => Path.Combine(PackageDirectory, $"{package}_{Version}_{arch}.deb");

    public async ValueTask InitializeAsync()
    {
        foreach (var tool in new[] { "dpkg-deb", "fakeroot", "clang", "lld", "lintian", "qemu-aarch64-static", "apt-get" })
        {
            ExecutableLocator.Require(tool, "run scripts/install-deps.sh --packaging");
        }

        var props = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "Directory.Build.props"));
        Version = System.Text.RegularExpressions.Regex.Match(props, "<Version>([^<]+)</Version>").Groups[1].Value;
        Assert.NotEmpty(Version);

        using var build = ChildProcess.Start(Path.Combine(RepositoryRoot, "scripts", "package.sh"), [],
            new ChildProcessOptions { WorkingDirectory = RepositoryRoot });
        var exit = await build.WaitForExitAsync(s_buildTimeout);
        Assert.True(exit == 0, $"scripts/package.sh failed ({exit}):\n{build.GetOutput()}");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MqttCam.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MqttCam.sln not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class PackagesGroup : ICollectionFixture<PackagesFixture>
{
    public const string Name = "Debian packages";
}
