using System.Diagnostics;
using MqttCam.Testing.Broker;

namespace DeviceBench;

/// <summary>What every scenario shares: the broker, the subscriber, the recorded input and the paths.</summary>
public sealed record BenchEnvironment(
    BenchOptions Options,
    MosquittoBroker Broker,
    ImageCounter Images,
    string Prefix,
    string InputFile,
    string RepositoryRoot,
    string WorkDirectory)
{
    /// <summary>The configuration the bench itself was built in (bin/&lt;configuration&gt;/net10.0/); the device is built alongside.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public string DevicePath => Path.Combine(RepositoryRoot, "src", "MqttCam.Device", "bin", Configuration, "net10.0", "MqttCam.Device.dll");

    public string SeedDirectory => Path.Combine(RepositoryRoot, "bench", "seed");

    /// <summary>
    /// The input both designs read: the recorded file looped forever in real time, stream copy. A raw MJPEG file has no
    /// timestamps and ffmpeg assumes 25 fps unless <c>-framerate</c> says otherwise.
    /// </summary>
    public IReadOnlyList<string> FfmpegInput => ["-re", "-framerate", Options.Fps.ToString(System.Globalization.CultureInfo.InvariantCulture), "-stream_loop", "-1", "-i", InputFile];

    public static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MqttCam.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"MqttCam.sln not found above {AppContext.BaseDirectory}; run the bench from the repository build.");
    }

    public static int? BrokerPid() => ProcFs.FindChild(Environment.ProcessId, "mosquitto");

    public static long Now() => Stopwatch.GetTimestamp();
}
