using System.Globalization;
using System.Runtime.InteropServices;

namespace DeviceBench;

/// <summary>Reads CPU time and RSS of a process from /proc, the same figures <c>top</c> and <c>ps</c> show.</summary>
public static partial class ProcFs
{
    private const int ScClockTicks = 2;

    private static readonly double s_ticksPerSecond = sysconf(ScClockTicks);

    /// <summary>utime + stime from /proc/&lt;pid&gt;/stat and VmRSS from /proc/&lt;pid&gt;/status; null once the process is gone.</summary>
    public static ProcessUsage? TryRead(int pid)
    {
        try
        {
            var fields = StatFields(pid);
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return new ProcessUsage(TimeSpan.FromSeconds(ticks / s_ticksPerSecond), ReadRss(pid));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The first live child of <paramref name="parentPid"/> whose command name is <paramref name="command"/>.</summary>
    public static int? FindChild(int parentPid, string command)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var comm = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
                if (comm == command && int.Parse(StatFields(stat)[1], CultureInfo.InvariantCulture) == parentPid)
                {
                    return pid;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while the table was being read.
            }
        }

        return null;
    }

    private static string[] StatFields(int pid) => StatFields(File.ReadAllText($"/proc/{pid}/stat"));

    // The command name may contain spaces and parentheses, so fields are counted from the last ')'.
    private static string[] StatFields(string stat) =>
        stat[(stat.LastIndexOf(')') + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static long ReadRss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new IOException($"/proc/{pid}/status has no VmRSS line (a zombie?).");
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long sysconf(int name);
}
