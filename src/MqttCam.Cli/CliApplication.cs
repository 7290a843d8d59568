using System.CommandLine;
using System.CommandLine.Invocation;
using MqttCam.Cli.Commands;
using MqttCam.Cli.Output;
using MqttCam.Contracts;

namespace MqttCam.Cli;

/// <summary>The <c>mqttcam</c> command tree; tests run it in-process with their own <see cref="Terminal"/>.</summary>
public static class CliApplication
{
    public static RootCommand Build(Terminal terminal)
    {
        return new RootCommand("mqttcam: Pi camera recipes for MqttCam devices (capture, stream, record, timelapse, bench)")
        {
            CaptureCommand.Create(terminal),
            StreamCommand.Create(terminal),
            RecordCommand.Create(terminal),
            TimelapseCommand.Create(terminal),
            BenchCommand.Create(terminal),
            DeviceCommand.Create(terminal),
            DeviceCommand.CreateFixed(terminal, "lock", DeviceCommands.Get(DeviceCommands.Lock)),
            DeviceCommand.CreateFixed(terminal, "unlock", DeviceCommands.Get(DeviceCommands.Unlock)),
        };
    }

    /// <summary>Runs one command line: 0 done, 1 failed, 2 usage error (unknown option, bad value), as scripts expect.</summary>
    public static async Task<int> RunAsync(string[] args, Terminal terminal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        var configuration = new InvocationConfiguration { Output = terminal.Output, Error = terminal.Error };
        var parse = Build(terminal).Parse(args);
        var code = await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);

        // The parser reports its own errors (with help) but exits 1, the code for "ran and failed".
        return parse.Action is ParseErrorAction ? CommandGuard.InvalidInput : code;
    }
}
