namespace MqttCam.Device.Timelapse;

/// <summary>
/// Keeps a timelapse folder within bounds: at most <see cref="MaxFiles"/> stills, <see cref="MaxBytes"/> bytes, none
/// older than <see cref="MaxAge"/>. The oldest go first (by write time), so an SD card never fills up with a
/// forgotten timelapse.
/// </summary>
public sealed record TimelapseRetention(int? MaxFiles, long? MaxBytes, TimeSpan? MaxAge)
{
    public bool IsUnlimited => MaxFiles is null && MaxBytes is null && MaxAge is null;

    /// <returns>Files deleted.</returns>
    public int Apply(string directory, DateTimeOffset now)
    {
        if (IsUnlimited || !Directory.Exists(directory))
        {
            return 0;
        }

        var files = new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => !f.Name.StartsWith('.'))
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .ThenByDescending(f => f.Name, StringComparer.Ordinal)
            .ToList();
        var deleted = 0;
        long bytes = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            bytes += file.Length;
            var tooMany = MaxFiles is { } maxFiles && i >= maxFiles;
            var tooBig = MaxBytes is { } maxBytes && bytes > maxBytes && i > 0;
            var tooOld = MaxAge is { } maxAge && now - new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero) > maxAge;
            if (tooMany || tooBig || tooOld)
            {
                try
                {
                    file.Delete();
                    deleted++;
                }
                catch (IOException)
                {
                    // Someone else removed or holds it; the next round tries again.
                }
            }
        }

        return deleted;
    }
}
