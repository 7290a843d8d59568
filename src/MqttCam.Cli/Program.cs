using MqttCam.Cli;
using MqttCam.Cli.Output;

return await CliApplication.RunAsync(args, Terminal.FromConsole()).ConfigureAwait(false);
