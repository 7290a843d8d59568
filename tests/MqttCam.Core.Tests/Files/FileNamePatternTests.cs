using MqttCam.Core.Files;

namespace MqttCam.Core.Tests.Files;

public sealed class FileNamePatternTests
{
    private static readonly FileNameValues s_values =
        new(7, new DateTimeOffset(2026, 11, 21, 14, 5, 9, TimeSpan.FromHours(1)), 1234, "pi1");

    [Theory]
    [InlineData("img-{counter:000}.jpg", "img-007.jpg")]
    [InlineData("{timestamp:yyyy-MM-dd-HH-mm}.jpg", "2026-11-21-14-05.jpg")]
    [InlineData("{id}/{utc:yyyyMMdd'T'HHmmss}-{sequence}.jpg", "pi1/20261121T130509-1234.jpg")]
    [InlineData("{{literal}}-{counter}.jpg", "{literal}-7.jpg")]
    [InlineData("plain.jpg", "plain.jpg")]
    public void Format_Tokens_AreReplaced(string pattern, string expected)
    {
        Assert.True(FileNamePattern.TryParse(pattern, out var parsed, out var error), error);
        Assert.Equal(expected, parsed!.Format(s_values));
    }

    [Theory]
    [InlineData("", "pattern is empty")]
    [InlineData("img-{count}.jpg", "pattern 'img-{count}.jpg': unknown token '{count}' (known: {counter}, {timestamp}, {utc}, {sequence}, {id})")]
    [InlineData("img-{counter.jpg", "pattern 'img-{counter.jpg': unclosed '{' at position 4")]
    [InlineData("img-}.jpg", "pattern 'img-}.jpg': unmatched '}' at position 4")]
    public void TryParse_BadPatterns_GiveClearErrors(string pattern, string expected)
    {
        Assert.False(FileNamePattern.TryParse(pattern, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void UsesCounter_ReflectsThePattern()
    {
        Assert.True(FileNamePattern.TryParse("a{counter}", out var withCounter, out _));
        Assert.True(FileNamePattern.TryParse("a{timestamp}", out var without, out _));
        Assert.True(withCounter!.UsesCounter);
        Assert.False(without!.UsesCounter);
    }
}
