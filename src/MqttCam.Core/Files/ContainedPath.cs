using System.Diagnostics.CodeAnalysis;

namespace MqttCam.Core.Files;

/// <summary>Resolves a user-supplied relative name inside a directory, refusing anything that would land outside it.</summary>
public static class ContainedPath
{
    public static bool TryResolve(string directory, string relativeName, [NotNullWhen(true)] out string? fullPath, out string error)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        fullPath = null;
        if (string.IsNullOrWhiteSpace(relativeName))
        {
            error = "file name is empty";
            return false;
        }

        if (Path.IsPathRooted(relativeName) || relativeName.Contains('\0', StringComparison.Ordinal) || relativeName.Contains('\\', StringComparison.Ordinal))
        {
            error = $"file name '{relativeName}' must be a relative path without '\\'";
            return false;
        }

        if (relativeName.Split('/').Any(segment => segment is ".." or "." or ""))
        {
            error = $"file name '{relativeName}' must not contain empty, '.' or '..' segments";
            return false;
        }

        var root = Path.GetFullPath(directory);
        var candidate = Path.GetFullPath(Path.Combine(root, relativeName));
        var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!candidate.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            error = $"file name '{relativeName}' resolves outside {root}";
            return false;
        }

        fullPath = candidate;
        error = string.Empty;
        return true;
    }
}
