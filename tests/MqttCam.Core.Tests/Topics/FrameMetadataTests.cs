using MqttCam.Core.Topics;

namespace MqttCam.Core.Tests.Topics;

public sealed class FrameMetadataTests
{
    private static readonly DateTimeOffset s_at = new(2026, 12, 2, 1, 2, 3, 456, TimeSpan.FromHours(1));

    [Fact]
    public void WrittenPropertiesReadBackToTheSameMetadata()
    {
        var metadata = new FrameMetadata(42, s_at, 1920, 1080);

        var properties = metadata.ToUserProperties();

        Assert.Equal(
            [FrameUserProperties.Sequence, FrameUserProperties.CapturedAt, FrameUserProperties.Width, FrameUserProperties.Height],
            properties.Select(p => p.Key));
        Assert.Equal("2026-12-02T01:02:03.4560000+01:00", properties[1].Value);
        Assert.Equal(metadata, FrameMetadata.FromUserProperties(properties));
    }

    [Fact]
    public void AbsentValuesAreNotWritten()
    {
        var properties = new FrameMetadata(7, null, null, null).ToUserProperties();

        Assert.Equal([new KeyValuePair<string, string>(FrameUserProperties.Sequence, "7")], properties);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData(" 5")]
    [InlineData("+5")]
    [InlineData("1e3")]
    [InlineData("99999999999999999999")]
    [InlineData("")]
    public void ASequenceThatIsNotPlainDigitsIsAbsent(string value) =>
        Assert.Null(FrameMetadata.FromUserProperties([new(FrameUserProperties.Sequence, value)]).Sequence);

    [Theory]
    [InlineData("0")]
    [InlineData("-320")]
    [InlineData("3000000000")]
    [InlineData("wide")]
    public void ASizeThatIsNotAPositiveIntegerIsAbsent(string value)
    {
        var metadata = FrameMetadata.FromUserProperties([new(FrameUserProperties.Width, value), new(FrameUserProperties.Height, value)]);

        Assert.Null(metadata.Width);
        Assert.Null(metadata.Height);
    }

    [Fact]
    public void ATimestampWithoutAnOffsetIsUtc()
    {
        var metadata = FrameMetadata.FromUserProperties([new(FrameUserProperties.CapturedAt, "2030-01-01T00:00:00")]);

        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), metadata.CapturedAt);
        Assert.Equal(TimeSpan.Zero, metadata.CapturedAt!.Value.Offset);
    }

    [Fact]
    public void UnreadableTimestampsUnknownNamesAndNoPropertiesAreIgnored()
    {
        Assert.Equal(default, FrameMetadata.FromUserProperties([new(FrameUserProperties.CapturedAt, "yesterday"), new("colour", "blue")]));
        Assert.Equal(default, FrameMetadata.FromUserProperties(null));
    }
}
