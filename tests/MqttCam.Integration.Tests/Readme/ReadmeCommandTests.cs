using System.Globalization;
using System.Text.Json;
using MqttCam.Imaging;
using MqttCam.Integration.Tests.Support;
using MqttCam.Mqtt;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Processes;
using MqttCam.Testing.Mqtt;

namespace MqttCam.Integration.Tests.Readme;

/// <summary>
/// Runs the README's mosquitto_pub/mosquitto_sub block exactly as written (only <c>-h localhost -p 1883</c> is pointed
/// at the test broker) with bash against a real device, and checks what each line promises.
/// </summary>
public sealed class ReadmeCommandTests
{
    private const string Marker = "<!-- run-by-test: ReadmeCommandTests -->";
    private const string DocumentedBroker = "-h localhost -p 1883";

    [Fact]
    public async Task MosquittoClientExamples_WorkAsWritten()
    {
        var block = ExtractBlock(await File.ReadAllTextAsync(RepositoryPaths.Get("README.md"), TestContext.Current.CancellationToken));
        await using var broker = await MosquittoBroker.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var device = DeviceProcess.Start(broker.Host, broker.Port, "mqttcam", "cam1", null, [.. DeviceProcess.SmallCamera, .. DeviceProcess.HomeAssistantDefaults, "--HomeAssistant:Discovery=false"]);
        await using (var watcher = await MqttProbe.ConnectAsync(new MqttClientOptions { Host = broker.Host, Port = broker.Port }))
        {
            await watcher.SubscribeAsync("mqttcam/cam1/availability");
            await watcher.WaitForTextAsync("mqttcam/cam1/availability", "online");
        }

        var script = block.Replace(DocumentedBroker, $"-h {broker.Host} -p {broker.Port.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal);
        var folder = Directory.CreateTempSubdirectory("mqttcam-readme-");
        try
        {
            await using var bash = ChildProcess.Start("bash", ["-euo", "pipefail", "-c", script], new ChildProcessOptions { WorkingDirectory = folder.FullName });
            var exitCode = await bash.WaitForExitAsync(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);
            var lines = bash.GetOutputLines();
            Assert.True(exitCode == 0, $"the README block failed with {exitCode}:\n{bash.GetOutput()}");

            Assert.Equal("online", lines[0]);
            Assert.Equal(160, JpegCodec.ReadInfo(await File.ReadAllBytesAsync(Path.Combine(folder.FullName, "latest.jpg"), TestContext.Current.CancellationToken)).Width);
            var replies = lines.Skip(1).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
            Assert.Equal(2, replies.Length);
            Assert.Equal("capture", replies[0].GetProperty("action").GetString());
            Assert.Equal("ok", replies[0].GetProperty("status").GetString());
            var capture = await File.ReadAllBytesAsync(Path.Combine(folder.FullName, "capture.jpg"), TestContext.Current.CancellationToken);
            Assert.Equal(replies[0].GetProperty("data").GetProperty("size").GetInt32(), capture.Length);
            Assert.Equal(80, JpegCodec.ReadInfo(capture).Width);
            Assert.Equal(70, replies[1].GetProperty("data").GetProperty("settings").GetProperty("quality").GetInt32());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string ExtractBlock(string readme)
    {
        var start = readme.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md lost the marker {Marker}");
        var open = readme.IndexOf("```bash\n", start, StringComparison.Ordinal) + "```bash\n".Length;
        var close = readme.IndexOf("\n```", open, StringComparison.Ordinal);
        var block = readme[open..close];
        Assert.Contains(DocumentedBroker, block, StringComparison.Ordinal);
        return block;
    }
}
