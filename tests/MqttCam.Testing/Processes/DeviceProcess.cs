using MqttCam.Testing.Broker;
using MqttCam.Core.Topics;

namespace MqttCam.Testing.Processes;

/// <summary>
/// The real MqttCam.Device program (the <c>MqttCam.Device.dll</c> built next to the test run), started as a child
/// process against a test broker. Arguments are its configuration keys; a later one overrides an earlier one, so a test
/// can replace any default given here.
/// </summary>
public sealed class DeviceProcess : IAsyncDisposable
{
    private readonly bool _ownsStateDirectory;

    private DeviceProcess(ChildProcess process, string stateDirectory, bool ownsStateDirectory, CameraTopics topics)
    {
        Process = process;
        StateDirectory = stateDirectory;
        _ownsStateDirectory = ownsStateDirectory;
        Topics = topics;
    }

    /// <summary>A small, fast test-pattern camera (160x120 at 5 fps), for tests that do not care about the picture.</summary>
    public static IReadOnlyList<string> SmallCamera { get; } = ["--Camera:Width=160", "--Camera:Height=120", "--Camera:Fps=5"];

    /// <summary>Home Assistant's own topics (<c>homeassistant/…</c>), for tests that run the device as a user would.</summary>
    public static IReadOnlyList<string> HomeAssistantDefaults { get; } = ["--HomeAssistant:DiscoveryPrefix=homeassistant", "--HomeAssistant:StatusTopic=homeassistant/status"];

    public static string DevicePath => Path.Combine(AppContext.BaseDirectory, "MqttCam.Device.dll");

    public ChildProcess Process { get; }

    public string StateDirectory { get; }

    public CameraTopics Topics { get; }

    public static DeviceProcess Start(MosquittoBroker broker, string prefix, string cameraId, string? stateDirectory = null, params string[] extraArgs)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return Start(broker.Host, broker.Port, prefix, cameraId, stateDirectory, extraArgs);
    }

    /// <summary>
    /// Starts the device. Home Assistant discovery goes under <c>&lt;prefix&gt;/ha</c> so tests on one broker never see
    /// each other's entities. Without <paramref name="stateDirectory"/> the device gets a fresh one, removed on dispose;
    /// a given one is the caller's (for example, to restart a device on its persisted settings).
    /// </summary>
    public static DeviceProcess Start(string host, int port, string prefix, string cameraId, string? stateDirectory, params string[] extraArgs)
    {
        var ownsStateDirectory = stateDirectory is null;
        stateDirectory ??= Directory.CreateTempSubdirectory("mqttcam-device-").FullName;
        string[] args =
        [
            DevicePath,
            $"--Mqtt:Host={host}",
            $"--Mqtt:Port={port}",
            $"--Mqtt:TopicPrefix={prefix}",
            $"--Camera:Id={cameraId}",

            // Tests of everything but demand expect every frame; the demand tests pass --Camera:Live=auto.
            "--Camera:Live=always",
            $"--Device:StateDirectory={stateDirectory}",
            "--Device:StateIntervalSeconds=2",
            "--HomeAssistant:DiscoveryPrefix=" + prefix + "/ha",
            "--HomeAssistant:StatusTopic=" + prefix + "/ha/status",
            "--HomeAssistant:RediscoveryMaxDelaySeconds=0.2",
            .. extraArgs,
        ];
        var process = ChildProcess.Start("dotnet", args, new ChildProcessOptions
        {
            Environment = new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = "Production", ["Logging__Console__FormatterName"] = "simple" },
        });
        return new DeviceProcess(process, stateDirectory, ownsStateDirectory, new CameraTopics(prefix, cameraId));
    }

    /// <summary>A topic prefix no other test uses.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        if (!_ownsStateDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }
}
