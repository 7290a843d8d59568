using MqttCam.Cli.Output;

namespace MqttCam.Cli.Tests.Support;

/// <summary>Runs <c>mqttcam</c> in-process with captured, non-interactive output (as when redirected to a file).</summary>
public static class CliRunner
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, new Terminal(output, error, isInteractive: false), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
