using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Core.Framing;
using MqttCam.Testing.Media;

namespace MqttCam.Bridge.Tests.Ingest;

public sealed class UploadTests(BrokerFixture broker)
{
    private const string Password = "hunter2";

    [Fact]
    public async Task CurlPostWithPassword_IsRepublishedRetainedAndServed()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?> { ["Bridge:UploadPassword"] = Password });
        var jpeg = TestJpegs.Numbered(4, 640, 360);
        var file = Path.Combine(Path.GetTempPath(), $"upload-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(file, jpeg, token);
        try
        {
            // The original camera script's request: the raw JPEG as the body of POST /?password=...
            var (exitCode, output) = await RunAsync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--data-binary", "@" + file, "-H", "Content-Type: image/jpeg", new Uri(bridge.Address, $"/?password={Password}").ToString()]);
            Assert.Equal(0, exitCode);
            Assert.Equal("200", output);
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Equal(jpeg, await bridge.Http.GetByteArrayAsync("/cameras/upload/live.jpeg", token));

        // Any MQTT consumer sees it too: the frame is retained on the camera's image topic.
        await using var late = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "observer");
        await late.Client.SubscribeAsync($"{bridge.Prefix}/upload/image", cancellationToken: token);
        var message = await late.Client.Messages.ReadAsync(token).AsTask().WaitAsync(TimeSpan.FromSeconds(10), token);
        Assert.True(message.Retain);
        Assert.Equal(jpeg, message.Payload.ToArray());
    }

    [Fact]
    public async Task Upload_WrongOrMissingPasswordOrNonJpeg_IsRefusedAndNothingStored()
    {
        var token = TestContext.Current.CancellationToken;
        await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?> { ["Bridge:UploadPassword"] = Password });
        var jpeg = TestJpegs.Numbered(1);

        Assert.Equal(HttpStatusCode.Unauthorized, (await bridge.Http.PostAsync("/?password=wrong", new ByteArrayContent(jpeg), token)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await bridge.Http.PostAsync("/", new ByteArrayContent(jpeg), token)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await bridge.Http.PostAsync($"/cameras/cam9/frames?password={Password}", new ByteArrayContent("hello"u8.ToArray()), token)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await bridge.Http.PostAsync($"/cameras/cam9/frames?password={Password}", new ByteArrayContent(jpeg[..^10]), token)).StatusCode);

        Assert.Equal(0, bridge.Cameras.Count);
        Assert.Equal(0, bridge.Metrics.UploadsAccepted);
        Assert.Equal(HttpStatusCode.NotFound, (await bridge.Http.GetAsync("/cameras/cam9/live.jpeg", token)).StatusCode);
    }

    [Fact]
    public async Task Upload_WithoutConfiguredPassword_IsForbidden()
    {
        await using var bridge = await BridgeHost.StartAsync(broker);
        using var response = await bridge.Http.PostAsync("/?password=x", new ByteArrayContent(TestJpegs.Numbered(1)), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task TcpStream_LengthPrefixedFrames_AreRepublishedAndTheLastIsServed_AndMirroredAtomically()
    {
        var token = TestContext.Current.CancellationToken;
        var port = BrokerFixture.FreePort();
        var mirror = Directory.CreateTempSubdirectory("mqttcam-mirror-").FullName;
        try
        {
            await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?>
            {
                ["Bridge:TcpIngestPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Bridge:TcpIngestAddress"] = "127.0.0.1",
                ["Bridge:UploadCamera"] = "picam",
                ["Bridge:MirrorDirectory"] = mirror,
            });
            var frames = Enumerable.Range(0, 3).Select(i => TestJpegs.Numbered(i, 320, 240)).ToArray();
            var mirrored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var watcher = new FileSystemWatcher(mirror, "picam.jpeg") { EnableRaisingEvents = true };
            watcher.Renamed += (_, _) =>
            {
                if (File.ReadAllBytes(Path.Combine(mirror, "picam.jpeg")).AsSpan().SequenceEqual(frames[^1]))
                {
                    mirrored.TrySetResult();
                }
            };
            var allSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var seen = 0;
            bridge.Cameras.FrameAccepted += frame =>
            {
                if (frame.CameraId == "picam" && Interlocked.Increment(ref seen) == frames.Length)
                {
                    allSeen.TrySetResult();
                }
            };

            using (var client = new TcpClient())
            {
                await client.ConnectAsync(IPAddress.Loopback, port, token);
                var writer = new LengthPrefixedFrameWriter(client.GetStream());
                for (var i = 0; i < frames.Length; i++)
                {
                    await writer.WriteFrameAsync(frames[i], token);

                    // Lock-step like a camera at a modest frame rate: each frame is taken before the next is sent. The
                    // count to wait for comes from the loop, not from a counter read after the write (the frame could
                    // already have been taken, and the wait would then be for one that never comes).
                    var taken = i + 1;
                    await CameraConditions.WaitAsync(bridge, "picam", c => c.FramesIn >= taken, TimeSpan.FromSeconds(10));
                }

                await writer.CompleteAsync(token);
            }

            await allSeen.Task.WaitAsync(TimeSpan.FromSeconds(10), token);
            Assert.Equal(frames[^1], await bridge.Http.GetByteArrayAsync("/cameras/picam/live.jpeg", token));
            Assert.Equal(frames.Length, bridge.Metrics.UploadsAccepted);

            // The mirror writes off the MQTT dispatch; the rename into place is the signal that the last frame is there.
            await mirrored.Task.WaitAsync(TimeSpan.FromSeconds(10), token);
            Assert.Equal(frames[^1], await File.ReadAllBytesAsync(Path.Combine(mirror, "picam.jpeg"), token));
            Assert.Empty(Directory.GetFiles(mirror, "*.tmp"));
        }
        finally
        {
            Directory.Delete(mirror, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"{file} did not start: apt-get install {file}");
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return (process.ExitCode, output);
    }
}
