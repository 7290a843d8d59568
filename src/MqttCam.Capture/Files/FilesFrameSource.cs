using System.Buffers;
using Microsoft.Extensions.Logging;
using MqttCam.Settings;

namespace MqttCam.Capture.Files;

/// <summary>
/// Replays a folder of JPEG files in ordinal name order, looping, at the configured fps. The folder is listed again
/// on every pass, so files can be added or removed while it runs. Files that are not JPEGs are skipped with an error
/// logged once.
/// </summary>
public sealed class FilesFrameSource : FrameSource
{
    private readonly string _directory;
    private readonly int _maxFrameSize;
    private readonly HashSet<string> _rejected = new(StringComparer.Ordinal);

    public FilesFrameSource(string directory, int maxFrameSize, CameraSettings settings, int queueCapacity, TimeProvider timeProvider, ILogger<FilesFrameSource> logger)
        : base(settings, queueCapacity, timeProvider, logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = directory;
        _maxFrameSize = maxFrameSize;
    }

    public override string Kind => "files";

    public override IReadOnlyCollection<string> LiveSettings { get; } = CameraSettingsSchema.NamesFor(SettingTargets.Files);

    public override IReadOnlyCollection<string> RestartSettings { get; } = [];

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var period = Period(Settings);
        using var timer = new PeriodicTimer(period, TimeProvider);
        while (!stoppingToken.IsCancellationRequested)
        {
            var published = false;
            foreach (var path in ListFiles())
            {
                if (!TryLoad(path, out var frame))
                {
                    continue;
                }

                Publish(frame);
                published = true;
                if (Period(Settings) != period)
                {
                    period = Period(Settings);
                    timer.Period = period;
                }

                await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
            }

            if (!published)
            {
                // Nothing to show: say why, then look again a frame period later.
                await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private static TimeSpan Period(CameraSettings settings) => TimeSpan.FromSeconds(1 / settings.Fps);

    private string[] ListFiles()
    {
        try
        {
            var files = Directory.GetFiles(_directory);
            Array.Sort(files, StringComparer.Ordinal);
            if (files.Length == 0)
            {
                Unavailable($"{_directory} has no files");
            }

            return files;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Unavailable($"{_directory} cannot be listed: {ex.Message}");
            return [];
        }
    }

    private void Unavailable(string reason)
    {
        // The status first: whoever reads the log line (a test, an operator) then finds the same reason in the state.
        var changed = Status.LastError != reason;
        ReportError(reason);
        if (changed)
        {
            Log.FilesUnavailable(Logger, reason);
        }
    }

    private bool TryLoad(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JpegFrame? frame)
    {
        frame = null;
        if (_rejected.Contains(path))
        {
            return false;
        }

        byte[]? rented = null;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            var length = stream.Length;
            if (length == 0 || length > _maxFrameSize)
            {
                Reject(path, $"{length} bytes is not a JPEG frame size (1 to {_maxFrameSize})");
                return false;
            }

            rented = ArrayPool<byte>.Shared.Rent((int)length);
            stream.ReadExactly(rented, 0, (int)length);
            var buffer = rented;
            rented = null;
            if (!JpegFrame.TryAdopt(buffer, (int)length, PeekNextSequence(), TimeProvider.GetUtcNow(), out frame))
            {
                Reject(path, "not a JPEG (no readable JPEG header)");
                return false;
            }

            NextSequence();
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Possibly transient (a file being replaced): log it but try again on the next pass.
            Log.FileSkipped(Logger, path, ex.Message);
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private void Reject(string path, string reason)
    {
        _rejected.Add(path);
        CountSkipped(0, 1);
        Log.FileSkipped(Logger, path, reason);
    }
}
