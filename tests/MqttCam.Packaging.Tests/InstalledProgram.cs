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

    /// <summary>Starts the bridge like its unit and waits until Kestrel listens on <paramref name="port"/>.</summary>
    public static async Task<ChildProcess> StartBridgeAsync(string fileName, IEnumerable<string> prefixArguments, MosquittoBroker broker,
        string prefix, int port, TimeSpan listenTimeout, CancellationToken cancellationToken)
    {
        var bridge = ChildProcess.Start(fileName, prefixArguments, new ChildProcessOptions
        {
            Environment = new Dictionary<string, string?>
            {
                ["MQTTCAM_Mqtt__Host"] = broker.Host,
                ["MQTTCAM_Mqtt__Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["MQTTCAM_Mqtt__TopicPrefix"] = prefix,
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            },
        });
        try
        {
            await bridge.WaitForOutputLineAsync(l => l.Contains("Now listening on", StringComparison.Ordinal), listenTimeout, cancellationToken);
            return bridge;
        }
        catch
        {
            await bridge.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls (bounded) until the bridge serves the camera's live.jpeg: HTTP has no push to await.</summary>
    public static async Task<byte[]> AwaitLiveJpegAsync(int port, string cameraId, TimeSpan timeout, Func<string> diagnostics, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (true)
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/cameras/{cameraId}/live.jpeg"), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"no frame at the bridge: {(int)response.StatusCode}\n{diagnostics()}");
            await Task.Delay(200, cancellationToken);
        }
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsJpeg(ReadOnlySpan<byte> data) =>
        data.Length > 4 && data[0] == 0xFF && data[1] == 0xD8 && data[^2] == 0xFF && data[^1] == 0xD9;
}
