using MqttCam.Testing.Broker;
using MqttCam.Testing.Processes;
using MqttCam.Topics;

namespace MqttCam.Device.Tests.Support;

/// <summary>The real MqttCam.Device program, started as a child process against a test broker.</summary>
public sealed class DeviceProcess : IAsyncDisposable
{
    private DeviceProcess(ChildProcess process, string stateDirectory, CameraTopics topics)
    {
        Process = process;
        StateDirectory = stateDirectory;
        Topics = topics;
    }

    public ChildProcess Process { get; }

    public string StateDirectory { get; }

    public CameraTopics Topics { get; }

    public static string DevicePath => Path.Combine(AppContext.BaseDirectory, "MqttCam.Device.dll");

    public static DeviceProcess Start(MosquittoBroker broker, string prefix, string cameraId, string? stateDirectory = null, params string[] extraArgs)
    {
        stateDirectory ??= Directory.CreateTempSubdirectory("mqttcam-device-").FullName;
        string[] args =
        [
            DevicePath,
            $"--Mqtt:Host={broker.Host}",
            $"--Mqtt:Port={broker.Port}",
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
        return new DeviceProcess(process, stateDirectory, new CameraTopics(prefix, cameraId));
    }

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    public async ValueTask DisposeAsync() => await Process.DisposeAsync();
}
