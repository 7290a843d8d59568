using MqttCam.Testing.Processes;

namespace MqttCam.Packaging.Tests;

/// <summary>Runs a tool to completion and returns its output; a non-zero exit fails with that output.</summary>
internal static class Run
{
    public static async Task<string> ToolAsync(string tool, params string[] arguments)
    {
        var (exit, output) = await ToolExitAsync(tool, arguments);
        Assert.True(exit == 0, $"{tool} {string.Join(' ', arguments)} exited {exit}:\n{output}");
        return output;
    }

    public static async Task<(int Exit, string Output)> ToolExitAsync(string tool, params string[] arguments)
    {
        using var process = ChildProcess.Start(tool, arguments, new ChildProcessOptions
        {
            Environment = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" },
        });
        var exit = await process.WaitForExitAsync(TimeSpan.FromMinutes(10));
        return (exit, process.GetOutput());
    }
}
