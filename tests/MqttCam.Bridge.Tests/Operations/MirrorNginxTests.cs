using System.Globalization;
using System.Net;
using MqttCam.Bridge.Tests.Serving;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Testing.Media;
using MqttCam.Testing.Processes;

namespace MqttCam.Bridge.Tests.Operations;

/// <summary>The documented deployment for very many viewers: real nginx running the shipped snippet over the static mirror.</summary>
public sealed class MirrorNginxTests(BrokerFixture broker)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ShippedNginxSnippet_ServesEachNewFrameByteIdentical_AndProxiesTheRestToTheBridge()
    {
        var token = TestContext.Current.CancellationToken;
        var nginxBinary = ExecutableLocator.Require("nginx", "nginx");
        var root = Directory.CreateTempSubdirectory("mqttcam-nginx-").FullName;
        var mirror = Directory.CreateDirectory(Path.Combine(root, "mirror")).FullName;
        try
        {
            await using var bridge = await BridgeHost.StartAsync(broker, new Dictionary<string, string?> { ["Bridge:MirrorDirectory"] = mirror });
            await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "door");
            var nginxPort = BrokerFixture.FreePort();
            var snippet = (await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Mirror", "nginx-mirror.conf"), token))
                .Replace("listen 8081;", $"listen 127.0.0.1:{nginxPort};", StringComparison.Ordinal)
                .Replace("/var/lib/mqttcam/mirror", mirror, StringComparison.Ordinal)
                .Replace("http://127.0.0.1:8080", bridge.Address.ToString().TrimEnd('/'), StringComparison.Ordinal);
            Assert.Contains(mirror, snippet, StringComparison.Ordinal);
            var config = Path.Combine(root, "nginx.conf");
            await File.WriteAllTextAsync(config, $$"""
                daemon off;
                master_process off;
                user root;
                pid {{root}}/nginx.pid;
                error_log {{root}}/error.log warn;
                events { worker_connections 64; }
                http {
                  access_log off;
                  client_body_temp_path {{root}}/tmp;
                  proxy_temp_path {{root}}/tmp;
                  {{snippet}}
                }
                """, token);
            ChildProcess? started = null;
            var ready = WaitForPidFileAsync(root, () => started?.GetOutput() ?? string.Empty);
            await using var nginx = started = ChildProcess.Start(nginxBinary, ["-c", config, "-p", root]);
            await ready;
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{nginxPort.ToString(CultureInfo.InvariantCulture)}") };

            foreach (var sequence in new long[] { 1, 2 })
            {
                var jpeg = TestJpegs.Numbered((int)sequence, 640, 360);
                var mirrored = WaitForMirrorAsync(mirror, "door.jpeg", jpeg);
                await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, jpeg, sequence);
                await mirrored;

                using var response = await http.GetAsync("/cameras/door/live.jpeg", token);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
                Assert.True(response.Headers.CacheControl?.NoCache);
                Assert.Equal(jpeg, await response.Content.ReadAsByteArrayAsync(token));
            }

            using var unknown = await http.GetAsync("/cameras/nobody/live.jpeg", token);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            using var escape = await http.GetAsync("/cameras/..%2Fetc/live.jpeg", token);
            Assert.NotEqual(HttpStatusCode.OK, escape.StatusCode);

            // The rest of the API is proxied: the camera list comes from the bridge itself.
            var cameras = await http.GetStringAsync("/api/cameras", token);
            Assert.Contains("\"door\"", cameras, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Completes when the mirror file holds exactly <paramref name="expected"/> (the bridge renames it into place).</summary>
    private static Task WaitForMirrorAsync(string directory, string name, byte[] expected)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = new FileSystemWatcher(directory, name) { EnableRaisingEvents = true };
        void Check()
        {
            try
            {
                if (File.ReadAllBytes(Path.Combine(directory, name)).AsSpan().SequenceEqual(expected))
                {
                    done.TrySetResult();
                }
            }
            catch (IOException)
            {
                // Replaced between the event and the read: the next event checks again.
            }
        }

        watcher.Renamed += (_, _) => Check();
        watcher.Created += (_, _) => Check();
        return done.Task.WaitAsync(s_timeout, TestContext.Current.CancellationToken).ContinueWith(
            t =>
            {
                watcher.Dispose();
                t.GetAwaiter().GetResult();
            },
            TaskScheduler.Default);
    }

    /// <summary>
    /// nginx logs nothing on a successful start; it writes its pid file right after opening the listening sockets, so
    /// the file's creation is the readiness signal.
    /// </summary>
    private static Task WaitForPidFileAsync(string directory, Func<string> nginxOutput)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = new FileSystemWatcher(directory, "nginx.pid") { EnableRaisingEvents = true };
        watcher.Created += (_, _) => ready.TrySetResult();
        watcher.Changed += (_, _) => ready.TrySetResult();
        return ready.Task.WaitAsync(s_timeout, TestContext.Current.CancellationToken).ContinueWith(
            t =>
            {
                watcher.Dispose();
                Assert.True(t.IsCompletedSuccessfully, "nginx did not start: " + nginxOutput());
            },
            TaskScheduler.Default);
    }
}
