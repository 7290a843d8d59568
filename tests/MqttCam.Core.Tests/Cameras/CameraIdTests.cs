using MqttCam.Core.Cameras;

namespace MqttCam.Core.Tests.Cameras;

public sealed class CameraIdTests
{
    [Theory]
    [InlineData("raspberrypi", "raspberrypi")]
    [InlineData("pi-cam.local", "pi-cam_local")]
    [InlineData("Küche Cam", "K_che_Cam")]
    [InlineData("", "camera")]
    public void Sanitize_HostNames_GiveValidIds(string host, string expected)
    {
        var id = CameraId.Sanitize(host);

        Assert.Equal(expected, id);
        Assert.True(CameraId.IsValid(id));
    }

    [Fact]
    public void Sanitize_LongName_IsCutToTheMaximum()
    {
        Assert.Equal(CameraId.MaxLength, CameraId.Sanitize(new string('a', 200)).Length);
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("a+b")]
    [InlineData("a#")]
    [InlineData("")]
    [InlineData(null)]
    public void IsValid_PathAndWildcardTricks_AreRejected(string? id)
    {
        Assert.False(CameraId.IsValid(id));
    }
}
