using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MqttCam.Processes;

/// <summary>
/// Runs camera and tool children as leaders of their own process group (through <c>setsid</c>), so stopping one ends
/// everything it started. A walk of the process tree misses grandchildren once they are reparented to init (a
/// wrapper script's background metadata writer, a shell pipeline); the group still holds them.
/// </summary>
public static partial class ProcessGroup
{
    private const string Setsid = "/usr/bin/setsid";
    private const int SigKill = 9;

    /// <summary>
    /// How every child here starts: no shell, stderr redirected (it carries the reason a tool fails), stdin and stdout
    /// as asked, in its own group (<see cref="Isolate"/>).
    /// </summary>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments, bool redirectInput, bool redirectOutput)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = redirectOutput,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        Isolate(startInfo);
        return startInfo;
    }

    /// <summary>Rewrites <paramref name="startInfo"/> to exec its program through setsid (same pid, new group).</summary>
    public static void Isolate(ProcessStartInfo startInfo)
    {
        // Only for a program that exists: otherwise Process.Start must fail as before, with its own error.
        if (!OperatingSystem.IsLinux() || !File.Exists(Setsid) || ExecutableLocator.Find(startInfo.FileName) is not { } program)
        {
            return;
        }

        string[] arguments = [.. startInfo.ArgumentList];
        startInfo.FileName = Setsid;
        startInfo.ArgumentList.Clear();
        startInfo.ArgumentList.Add(program);
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
    }

    /// <summary>
    /// SIGKILL to the child's whole group, also after the child itself has exited (a camera script that exits leaves
    /// its background writers in the group), then the tree walk for children that were not isolated.
    /// </summary>
    public static void Kill(Process process)
    {
        if (OperatingSystem.IsLinux())
        {
            // ESRCH when the group is already empty or the child leads none (setsid missing): harmless.
            _ = KillNative(-process.Id, SigKill);
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int signal);
}
