using System.CommandLine;
using MqttCam.Cli.Output;
using MqttCam.Cli.Tests.Support;
using MqttCam.Testing.Files;

namespace MqttCam.Cli.Tests;

/// <summary>What scripts rely on: <c>-h</c> is help in every command, and a usage error exits 2, not 1.</summary>
public sealed class CliUsageTests
{
    private static readonly RootCommand s_root = CliApplication.Build(new Terminal(TextWriter.Null, TextWriter.Null, isInteractive: false));

    public static TheoryData<string> CommandPaths()
    {
        var paths = new TheoryData<string>();
        foreach (var (_, path) in Walk(s_root, string.Empty))
        {
            paths.Add(path);
        }

        return paths;
    }

    [Fact]
    public void NoOptionAnywhere_TakesHelpsShortName_AndNoShortNameIsUsedTwice()
    {
        Assert.All(Walk(s_root, string.Empty), entry =>
        {
            var names = entry.Command.Options.SelectMany(o => o.Aliases.Append(o.Name)).ToArray();
            var help = entry.Command.Options.OfType<System.CommandLine.Help.HelpOption>().ToArray();
            Assert.DoesNotContain(entry.Command.Options.Except(help), o => o.Name == "-h" || o.Aliases.Contains("-h"));
            Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
        });
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task DashH_ShowsHelpAndExitsZero(string path)
    {
        var result = await CliRunner.RunAsync([.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), "-h"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashHWithAHostLikeValue_IsHelpNotHeight()
    {
        var result = await CliRunner.RunAsync("capture", "--from-mqtt", "-h", "127.0.0.1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("--host", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("--height", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("capture", "--bogus")]
    [InlineData("capture", "-o")]
    [InlineData("capture", "-o", "x.jpg", "--width", "abc")]
    [InlineData("nosuchcommand")]
    public async Task ParserErrors_ExitTwo(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.NotEmpty(result.Error);
    }

    [Fact]
    public async Task SizeShortNames_AreCapitals()
    {
        using var directory = new TemporaryDirectory();

        var result = await CliRunner.RunAsync("capture", "-o", directory.File("x.jpg"), "-W", "320", "-H", "240");

        Assert.True(result.ExitCode == 0, result.ToString());
        var info = MqttCam.Imaging.JpegCodec.ReadInfo(File.ReadAllBytes(directory.File("x.jpg")));
        Assert.Equal((320, 240), (info.Width, info.Height));
    }

    private static IEnumerable<(Command Command, string Path)> Walk(Command command, string path)
    {
        yield return (command, path);
        foreach (var child in command.Subcommands)
        {
            foreach (var entry in Walk(child, $"{path} {child.Name}".Trim()))
            {
                yield return entry;
            }
        }
    }
}
