using MqttCam.Core.Files;

namespace MqttCam.Core.Tests.Files;

public sealed class ContainedPathTests
{
    private static readonly string s_root = Path.Combine(Path.GetTempPath(), "mqttcam-contained");

    [Theory]
    [InlineData("a.jpg")]
    [InlineData("2026/11/a.jpg")]
    public void TryResolve_RelativeNames_StayInside(string name)
    {
        Assert.True(ContainedPath.TryResolve(s_root, name, out var full, out var error), error);
        Assert.Equal(Path.Combine(s_root, name), full);
    }

    [Theory]
    [InlineData("../a.jpg")]
    [InlineData("x/../../a.jpg")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\..\\b.jpg")]
    [InlineData("./a.jpg")]
    [InlineData("a//b.jpg")]
    [InlineData("")]
    [InlineData("a\0.jpg")]
    public void TryResolve_PathTricks_AreRefused(string name)
    {
        Assert.False(ContainedPath.TryResolve(s_root, name, out var full, out var error));
        Assert.Null(full);
        Assert.NotEmpty(error);
    }
}
