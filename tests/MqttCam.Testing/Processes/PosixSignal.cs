using System.Runtime.InteropServices;

namespace MqttCam.Testing.Processes;

/// <summary>kill(2), for the graceful SIGTERM that <see cref="System.Diagnostics.Process"/> cannot send.</summary>
internal static partial class PosixSignal
{
    internal const int SIGTERM = 15;
    internal const int SIGCONT = 18;
    internal const int SIGSTOP = 19;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
