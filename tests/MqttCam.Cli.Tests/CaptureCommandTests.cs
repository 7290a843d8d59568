using MqttCam.Cli.Tests.Support;
using MqttCam.Imaging;
using MqttCam.Mqtt;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Files;
using MqttCam.Testing.Media;
using MqttCam.Core.Topics;

namespace MqttCam.Cli.Tests;

public sealed class CaptureCommandTests(MosquittoBrokerFixture broker) : IClassFixture<MosquittoBrokerFixture>
{
    [Fact]
    public async Task CaptureFromSourceWritesAJpegAtTheRequestedSize()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("still.jpg");

        var result = await CliRunner.RunAsync("capture", "-o", path, "--source", "TestPattern", "--width", "320", "--quality", "70");

        Assert.True(result.ExitCode == 0, result.ToString());
        var info = JpegCodec.ReadInfo(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal((320, 180), (info.Width, info.Height));
        Assert.Contains($"{path}: 320x180,", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CaptureFromMqttReadsTheRetainedFrameAndResizesIt()
    {
        var topics = new CameraTopics(MosquittoBrokerFixture.NewTopicPrefix().TrimEnd('/'), "door");
        await PublishRetainedAsync(topics.Image, TestJpegs.Create(640, 480));
        using var directory = new TemporaryDirectory();
        var path = directory.File("door.jpg");

        var result = await CliRunner.RunAsync(
            "capture", "--from-mqtt", "-o", path, "--port", broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--host", broker.Host, "--prefix", topics.Prefix, "--camera", "door", "--width", "160");

        Assert.True(result.ExitCode == 0, result.ToString());
        var info = JpegCodec.ReadInfo(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal((160, 120), (info.Width, info.Height));
    }

    [Fact]
    public async Task CaptureFromMqttRefusesARetainedPayloadThatIsNotAJpeg()
    {
        var topics = new CameraTopics(MosquittoBrokerFixture.NewTopicPrefix().TrimEnd('/'), "junk");
        await PublishRetainedAsync(topics.Image, "hello, not a picture"u8.ToArray());
        using var directory = new TemporaryDirectory();

        var result = await CliRunner.RunAsync(
            "capture", "--from-mqtt", "-o", directory.File("x.jpg"), "--port", broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--host", broker.Host, "--prefix", topics.Prefix, "--camera", "junk");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not a JPEG", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(directory.File("x.jpg")));
    }

    [Fact]
    public async Task CaptureFromMqttTimesOutClearlyWhenNoDevicePublishes()
    {
        using var directory = new TemporaryDirectory();

        var result = await CliRunner.RunAsync(
            "capture", "--from-mqtt", "-o", directory.File("x.jpg"), "--port", broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--host", broker.Host, "--prefix", MosquittoBrokerFixture.NewTopicPrefix().TrimEnd('/'), "--camera", "nobody", "--timeout", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no frame on", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--width", "3", "width: must be")]
    [InlineData("--quality", "101", "quality: must be")]
    public async Task OutOfRangeValuesAreRefusedWithTheSettingName(string option, string value, string expected)
    {
        using var directory = new TemporaryDirectory();

        var result = await CliRunner.RunAsync("capture", "-o", directory.File("x.jpg"), option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    private async Task PublishRetainedAsync(string topic, byte[] payload)
    {
        var client = new MqttClient(new MqttClientOptions { Host = broker.Host, Port = broker.Port });
        await using (client)
        {
            await client.ConnectAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
            await client.PublishAsync(topic, payload, MqttQos.AtLeastOnce, retain: true, cancellationToken: TestContext.Current.CancellationToken)
                .AsTask().WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        }
    }
}
