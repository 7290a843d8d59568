using System.Diagnostics;

namespace MqttCam.Capture.Rpicam;

/// <summary>
/// A named pipe that rpicam-vid writes its per-frame metadata into (<c>--metadata &lt;fifo&gt;</c>), read by a
/// dedicated thread into a <see cref="RpicamMetadataParser"/> so the frame path never waits for it. The pipe is opened
/// read-write (Linux never blocks that open), so it lives across camera restarts and the reader can post markers
/// into it: a reset between runs (orders after every byte of the old run) and a wake-up to stop.
/// </summary>
public sealed class RpicamMetadataFifo : IDisposable
{
    private static readonly byte[] s_reset = [RpicamMetadataParser.ResetMarker];

    private readonly string _directory;
    private readonly FileStream _pipe;
    private readonly FileStream _markers;
    private readonly Thread _reader;
    private volatile bool _stopping;

    private RpicamMetadataFifo(string directory, string path, FileStream pipe, FileStream markers)
    {
        _directory = directory;
        Path = path;
        _pipe = pipe;
        _markers = markers;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "rpicam metadata" };
        _reader.Start();
    }

    /// <summary>Where rpicam-vid writes (pass it as <c>--metadata</c>).</summary>
    public string Path { get; }

    public RpicamMetadataParser Parser { get; } = new();

    /// <summary>Creates the pipe in a fresh temporary folder and starts reading it.</summary>
    /// <exception cref="IOException">The pipe could not be made (the message says why).</exception>
    public static RpicamMetadataFifo Create()
    {
        var directory = Directory.CreateTempSubdirectory("mqttcam-metadata-").FullName;
        var path = System.IO.Path.Combine(directory, "metadata.json");
        try
        {
            MakeFifo(path);
            // Unbuffered: every read returns what the pipe has now, every marker goes in at once. The write-only
            // end opens without blocking because the read-write end already counts as a reader.
            var pipe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
            var markers = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            return new RpicamMetadataFifo(directory, path, pipe, markers);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Called before each camera run: whatever the previous run left half-written is dropped.</summary>
    public void Reset() => _markers.Write(s_reset);

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _markers.Write(s_reset);
        _reader.Join();
        _markers.Dispose();
        _pipe.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover empty folder in /tmp is harmless.
        }
    }

    private static void MakeFifo(string path)
    {
        // .NET has no mkfifo; coreutils' is everywhere this runs, and this happens once per source.
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo")
        {
            ArgumentList = { "-m", "600", path },
            UseShellExecute = false,
            RedirectStandardError = true,
        }) ?? throw new IOException("mkfifo could not be started");
        var error = mkfifo.StandardError.ReadToEnd();
        mkfifo.WaitForExit();
        if (mkfifo.ExitCode != 0)
        {
            throw new IOException($"mkfifo {path} failed: {error.Trim()}");
        }
    }

    private void ReadLoop()
    {
        var buffer = new byte[4096];
        while (!_stopping)
        {
            int read;
            try
            {
                read = _pipe.Read(buffer);
            }
            catch (IOException)
            {
                return;
            }

            if (read <= 0)
            {
                return;
            }

            Parser.Feed(buffer.AsSpan(0, read));
        }
    }
}
