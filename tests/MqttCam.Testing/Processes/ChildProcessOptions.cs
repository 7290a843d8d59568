namespace MqttCam.Testing.Processes;

/// <summary>How <see cref="ChildProcess.Start"/> wires a process.</summary>
public sealed class ChildProcessOptions
{
    /// <summary>Keep stdin open for <see cref="ChildProcess.StandardInput"/>; otherwise it is closed at start.</summary>
    public bool RedirectStandardInput { get; init; }

    /// <summary>Capture stdout as raw bytes (<see cref="ChildProcess.GetStandardOutputBytes"/>) instead of text lines.</summary>
    public bool BinaryStandardOutput { get; init; }

    public string? WorkingDirectory { get; init; }

    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
}
