using MqttCam.Cli.Output;
using MqttCam.Cli.Tests.Support;

namespace MqttCam.Cli.Tests;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task BenchPrintsOneTableRowPerResolution()
    {
        var result = await CliRunner.RunAsync("bench", "--frames", "5", "--resolutions", "320x240", "640x480");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = Array.FindIndex(lines, l => l.StartsWith("resolution", StringComparison.Ordinal));
        Assert.True(header >= 0, result.Output);
        Assert.Matches(@"^\s*320x240\s+5\s+\d+\.\d{3}\s+\d+\.\d\s+\d+\.\d\s+\d+\.\d$", lines[header + 2]);
        Assert.Matches(@"^\s*640x480\s+5\s", lines[header + 3]);
        Assert.Contains("bench: 10/10 (100%)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadResolutionIsRefused()
    {
        var result = await CliRunner.RunAsync("bench", "--frames", "1", "--resolutions", "big");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("resolution: must be WIDTHxHEIGHT", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void OnATerminalTheProgressBarRedrawsOneLine()
    {
        using var output = new StringWriter();
        var bar = new ProgressBar(new Terminal(output, TextWriter.Null, isInteractive: true), "x", 4);

        bar.Report(1);
        bar.Report(1);
        bar.Complete();

        Assert.Equal("\rx [#######.......................]  25%  1/4\rx [##############################] 100%  4/4" + Environment.NewLine, output.ToString());
    }
}
