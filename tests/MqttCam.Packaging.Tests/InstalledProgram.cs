using System.Net;
using System.Net.Sockets;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Processes;

namespace MqttCam.Packaging.Tests;

/// <summary>Starts a packaged program the way its unit does: settings only from the environment.</summary>
internal static class InstalledProgram
{
    public static ChildProcess StartDevice(string fileName, IEnumerable<string> prefixArguments, MosquittoBroker broker, string prefix,
        string cameraId, string stateDirectory, int fps = 10) =>
        ChildProcess.Start(fileName, prefixArguments, new ChildProcessOptions
        {
            Environment = new Dictionary<string, string?>
            {
                ["MQTTCAM_Mqtt__Host"] = broker.Host,
                ["MQTTCAM_Mqtt__Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["MQTTCAM_Mqtt__TopicPrefix"] = prefix,
                ["MQTTCAM_Camera__Id"] = cameraId,
                ["MQTTCAM_Camera__Source"] = "TestPattern",
                ["MQTTCAM_Camera__Fps"] = fps.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["MQTTCAM_HomeAssistant__Discovery"] = "false",
                ["STATE_DIRECTORY"] = stateDirectory,
            },
        });

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsJpeg(ReadOnlySpan<byte> data) =>
        data.Length > 4 && data[0] == 0xFF && data[1] == 0xD8 && data[^2] == 0xFF && data[^1] == 0xD9;
}
