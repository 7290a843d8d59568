using MqttCam.Testing.Processes;
using MqttCam.Topics;

namespace MqttCam.Integration.Tests.Support;

/// <summary>The real MqttCam.Device program as a child process; arguments are its configuration keys.</summary>
public sealed class DeviceRunner : IAsyncDisposable
{
    private DeviceRunner(ChildProcess process, CameraTopics topics, string stateDirectory)
    {
        Process = process;
        Topics = topics;
        StateDirectory = stateDirectory;
    }

    public ChildProcess Process { get; }

    public CameraTopics Topics { get; }

    public string StateDirectory { get; }

    /// <summary>A small, fast test-pattern camera; <paramref name="extraArgs"/> override or add configuration keys.</summary>
    public static DeviceRunner Start(string host, int port, string prefix, string cameraId, params string[] extraArgs)
    {
        var stateDirectory = Directory.CreateTempSubdirectory("mqttcam-device-").FullName;
        string[] args =
        [
            Path.Combine(AppContext.BaseDirectory, "MqttCam.Device.dll"),
            $"--Mqtt:Host={host}",
            $"--Mqtt:Port={port}",
            $"--Mqtt:TopicPrefix={prefix}",
            $"--Camera:Id={cameraId}",
            "--Camera:Width=160",
            "--Camera:Height=120",
            "--Camera:Fps=5",

            // Every frame, as before demand existed; the demand tests pass --Camera:Live=auto.
            "--Camera:Live=always",
            $"--Device:StateDirectory={stateDirectory}",
            "--Device:StateIntervalSeconds=2",
            "--HomeAssistant:RediscoveryMaxDelaySeconds=0.2",
            .. extraArgs,
        ];
        var process = ChildProcess.Start("dotnet", args, new ChildProcessOptions
        {
            Environment = new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = "Production", ["Logging__Console__FormatterName"] = "simple" },
        });
        return new DeviceRunner(process, new CameraTopics(prefix, cameraId), stateDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
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
