namespace MqttCam.Mqtt.Tests;

/// <summary>Error messages carry libmosquitto's text, and the errno text for MOSQ_ERR_ERRNO.</summary>
public sealed class MqttExceptionTests
{
    [Fact]
    public void FromErrorCode_Errno_IncludesTheErrnoTextCapturedAtTheCall()
    {
        // 14 = MOSQ_ERR_ERRNO, 111 = ECONNREFUSED on Linux.
        MqttException error = MqttException.FromErrorCode(14, "Cannot connect", errno: 111);

        Assert.Equal(14, error.ErrorCode);
        Assert.StartsWith("Cannot connect: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", error.Message, StringComparison.Ordinal);
        Assert.Contains("errno 111", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromErrorCode_MosquittoError_IncludesStrerrorText()
    {
        // 4 = MOSQ_ERR_NO_CONN.
        MqttException error = MqttException.FromErrorCode(4, "Cannot publish");

        Assert.Equal(4, error.ErrorCode);
        Assert.Contains("The client is not currently connected.", error.Message, StringComparison.Ordinal);
        Assert.Contains("MOSQ_ERR 4", error.Message, StringComparison.Ordinal);
    }
}
