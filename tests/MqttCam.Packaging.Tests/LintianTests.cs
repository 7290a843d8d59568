namespace MqttCam.Packaging.Tests;

[Collection(PackagesGroup.Name)]
public sealed class LintianTests(PackagesFixture packages)
{
    [Theory]
    [InlineData("mqttcam-device", "amd64")]
    [InlineData("mqttcam-device", "arm64")]
    [InlineData("mqttcam-bridge", "amd64")]
    [InlineData("mqttcam-bridge", "arm64")]
    public async Task Lintian_finds_no_errors_and_no_unexplained_warnings(string package, string arch)
    {
        // A warning we accept is explained in packaging/debian/<package>.lintian-overrides, which silences it here.
        var (_, output) = await Run.ToolExitAsync("lintian", "--allow-root", packages.PathOf(package, arch));
        var findings = output.Split('\n')
            .Where(l => l.StartsWith("E: ", StringComparison.Ordinal) || l.StartsWith("W: ", StringComparison.Ordinal))
            .ToList();
        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }

    [Theory]
    [InlineData("mqttcam-device", "amd64", "libmosquitto1, libturbojpeg0")]
    [InlineData("mqttcam-device", "arm64", "libmosquitto1, libturbojpeg0")]
    [InlineData("mqttcam-bridge", "amd64", "libmosquitto1, libturbojpeg0")]
    [InlineData("mqttcam-bridge", "arm64", "libmosquitto1, libturbojpeg0")]
    public async Task Package_carries_the_version_and_the_native_dependencies(string package, string arch, string natives)
    {
        var fields = await Run.ToolAsync("dpkg-deb", "-f", packages.PathOf(package, arch), "Version", "Architecture", "Depends", "Recommends");
        Assert.Contains($"Version: {packages.Version}", fields, StringComparison.Ordinal);
        Assert.Contains($"Architecture: {arch}", fields, StringComparison.Ordinal);
        foreach (var library in natives.Split(", "))
        {
            Assert.Matches($"Depends: .*\\b{library}\\b", fields);
        }

        Assert.Matches("Recommends: .*ffmpeg", fields);
        var contents = await Run.ToolAsync("dpkg-deb", "-c", packages.PathOf(package, arch));
        Assert.Contains($"./lib/systemd/system/{package}.service", contents, StringComparison.Ordinal);
        Assert.Contains($"./usr/bin/{package}", contents, StringComparison.Ordinal);
        var conffiles = await Run.ToolAsync("dpkg-deb", "-I", packages.PathOf(package, arch), "conffiles");
        Assert.Contains("/etc/mqttcam/", conffiles, StringComparison.Ordinal);
    }
}
