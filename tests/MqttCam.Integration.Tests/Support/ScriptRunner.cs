using MqttCam.Testing.Processes;

namespace MqttCam.Integration.Tests.Support;

/// <summary>Runs a script of the repository with bash and returns its output, failing with that output on a non-zero exit.</summary>
public static class ScriptRunner
{
    public static async Task<string> RunAsync(string script, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        await using var process = ChildProcess.Start("bash", [script, .. arguments], new ChildProcessOptions
        {
            WorkingDirectory = RepositoryPaths.Root,
            Environment = environment ?? new Dictionary<string, string?>(),
        });
        var exitCode = await process.WaitForExitAsync(timeout, TestContext.Current.CancellationToken);
        var output = process.GetOutput();
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{script} {string.Join(' ', arguments)} exited with {exitCode}:\n{output}");
        }

        return output;
    }
}
