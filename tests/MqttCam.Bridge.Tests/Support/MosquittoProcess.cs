using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MqttCam.Bridge.Tests.Support;

/// <summary>
/// A real mosquitto on a free loopback port, ready when it logs that it is running (no polling, no sleeps).
/// Local to the bridge tests until the shared MqttCam.Testing broker lands.
/// </summary>
public sealed class MosquittoProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private MosquittoProcess(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<MosquittoProcess> StartAsync(CancellationToken cancellationToken)
    {
        var executable = new[] { "/usr/sbin/mosquitto", "/usr/bin/mosquitto" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("mosquitto not found: apt-get install mosquitto");
        var port = FreePort();
        var directory = Directory.CreateTempSubdirectory("mqttcam-bridge-broker-").FullName;
        var config = Path.Combine(directory, "mosquitto.conf");
        var user = Environment.UserName;
        await File.WriteAllTextAsync(config, $"""
            listener {port} 127.0.0.1
            allow_anonymous true
            persistence false
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            log_type information
            set_tcp_nodelay true
            max_queued_messages 10000
            user {user}
            """, cancellationToken);

        var start = new ProcessStartInfo(executable, ["-c", config])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                log.Enqueue(line);
                if (line.Contains(" running", StringComparison.Ordinal))
                {
                    running.TrySetResult();
                }
            }
        };
        process.Exited += (_, _) => running.TrySetException(new InvalidOperationException("mosquitto exited: " + string.Join('\n', log)));
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await running.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        return new MosquittoProcess(process, directory, port);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
