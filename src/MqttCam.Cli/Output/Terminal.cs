namespace MqttCam.Cli.Output;

/// <summary>
/// Where the tool writes. <see cref="IsInteractive"/> is false when stdout is redirected (a file, a pipe, a test), so
/// progress is written as a few plain lines instead of carriage-return redraws that would litter a log.
/// </summary>
public sealed class Terminal(TextWriter output, TextWriter error, bool isInteractive)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public bool IsInteractive { get; } = isInteractive;

    public static Terminal FromConsole() => new(Console.Out, Console.Error, !Console.IsOutputRedirected);
}
