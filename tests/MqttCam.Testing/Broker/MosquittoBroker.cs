using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MqttCam.Testing.Processes;

namespace MqttCam.Testing.Broker;

/// <summary>
/// A real mosquitto on a free 127.0.0.1 port with its config in a temp folder. Readiness is awaited on the broker's
/// "running" log line (no fixed sleeps). Works as root (config sets <c>user</c> to the current user, so it does not
/// drop to user mosquitto and lose access to the temp folder) and as a normal user.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly MosquittoBrokerOptions _options;
    private readonly string _executable;
    private readonly DirectoryInfo _directory;
    private readonly StringBuilder _previousLogs = new();
    private ChildProcess? _process;

    private MosquittoBroker(MosquittoBrokerOptions options, string executable, int port)
    {
        _options = options;
        _executable = executable;
        Port = port;
        _directory = Directory.CreateTempSubdirectory("mqttcam-broker-");
    }

    /// <summary>Always the IPv4 loopback address.</summary>
#pragma warning disable CA1822 // An instance property on purpose: callers read broker.Host next to broker.Port.
    public string Host => "127.0.0.1";
#pragma warning restore CA1822

    public int Port { get; }

    /// <summary>The broker's temp folder (config, and files from <see cref="MosquittoBrokerOptions.Files"/>).</summary>
    public string DirectoryPath => _directory.FullName;

    public string ConfigPath => Path.Combine(_directory.FullName, "mosquitto.conf");

    /// <summary>Starts a broker; fails with "mosquitto not found: apt-get install mosquitto" when it is missing.</summary>
    public static async Task<MosquittoBroker> StartAsync(MosquittoBrokerOptions? options = null, CancellationToken cancellationToken = default)
    {
        string executable = ExecutableLocator.Require("mosquitto", "mosquitto");
        var broker = new MosquittoBroker(options ?? new MosquittoBrokerOptions(), executable, GetFreePort());
        try
        {
            broker.WriteConfig();
            await broker.LaunchAsync(cancellationToken).ConfigureAwait(false);
            return broker;
        }
        catch
        {
            await broker.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The log of this broker, including previous runs (before <see cref="RestartAsync"/>).</summary>
    public string GetLog()
    {
        lock (_previousLogs)
        {
            return _previousLogs + (_process?.GetOutput() ?? string.Empty);
        }
    }

    /// <summary>Waits for a broker log line (already logged or future) matching <paramref name="predicate"/>.</summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        await (_process ?? throw new InvalidOperationException("The broker is not running."))
            .WaitForOutputLineAsync(predicate, timeout, cancellationToken)
            .ConfigureAwait(false);

    /// <summary>Waits for the broker to log that <paramref name="clientId"/> subscribed to <paramref name="topicFilter"/>.</summary>
    public async Task WaitForSubscriptionAsync(string clientId, string topicFilter, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (!_options.LogSubscriptions)
        {
            throw new InvalidOperationException("Start the broker with LogSubscriptions = true.");
        }

        // mosquitto 2.0 logs "<client id> <qos> <filter>" for each subscription (log_type subscribe), after a
        // "<timestamp>: " prefix when a custom config turns log timestamps on.
        string suffix = " " + topicFilter;
        await (_process ?? throw new InvalidOperationException("The broker is not running."))
            .WaitForOutputLineAsync(line => line.EndsWith(suffix, StringComparison.Ordinal) && (line.StartsWith(clientId + " ", StringComparison.Ordinal) || line.Contains(": " + clientId + " ", StringComparison.Ordinal)), timeout, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Graceful stop (SIGTERM), waiting for exit.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => EndProcessAsync(p => p.Terminate(), cancellationToken);

    /// <summary>SIGKILL: the broker vanishes without closing anything cleanly.</summary>
    public Task KillAsync(CancellationToken cancellationToken = default) => EndProcessAsync(p => p.Kill(), cancellationToken);

    /// <summary>SIGSTOP: the broker keeps its sockets open but answers nothing (no PUBACK, no PINGRESP) until <see cref="Resume"/>.</summary>
    public void Pause() => SendSignal(PosixSignal.SIGSTOP);

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => SendSignal(PosixSignal.SIGCONT);

    /// <summary>Stops (if running) and starts again on the same port with the same config.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync(cancellationToken).ConfigureAwait(false);
        await LaunchAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
            _process = null;
        }

        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }

    private static int GetFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void WriteConfig()
    {
        string user = Environment.UserName;
        string config;
        if (_options.ConfigTemplate is { } template)
        {
            config = template
                .Replace("{port}", Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{dir}", _directory.FullName, StringComparison.Ordinal)
                .Replace("{user}", user, StringComparison.Ordinal);
        }
        else
        {
            var lines = new List<string>
            {
                $"listener {Port} 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                $"user {user}",
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "log_type information",
                "log_timestamp false",
            };
            if (_options.LogSubscriptions)
            {
                lines.Add("log_type subscribe");
                lines.Add("log_type unsubscribe");
            }

            lines.AddRange(_options.ExtraConfig);
            config = string.Join('\n', lines) + "\n";
        }

        File.WriteAllText(ConfigPath, config);
        foreach ((string name, string content) in _options.Files)
        {
            File.WriteAllText(Path.Combine(_directory.FullName, name), content);
        }
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        var process = ChildProcess.Start(_executable, ["-c", ConfigPath]);
        _process = process;
        Task<string> running = process.WaitForOutputLineAsync(
            line => line.Contains(" running", StringComparison.Ordinal) && line.Contains("mosquitto version", StringComparison.Ordinal),
            _options.StartTimeout,
            cancellationToken);
        Task exited = process.WaitForExitAsync(_options.StartTimeout, cancellationToken);
        Task first = await Task.WhenAny(running, exited).ConfigureAwait(false);
        if (first == exited || running.IsFaulted)
        {
            string log = process.GetOutput();
            throw new InvalidOperationException($"mosquitto did not start on port {Port}. Log:\n{log}");
        }

        await running.ConfigureAwait(false);
    }

    private async Task EndProcessAsync(Action<ChildProcess> signal, CancellationToken cancellationToken)
    {
        if (_process is null)
        {
            return;
        }

        signal(_process);
        await _process.WaitForExitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        RetireProcess();
    }

    private void SendSignal(int signal)
    {
        ChildProcess process = _process ?? throw new InvalidOperationException("The broker is not running.");
        if (PosixSignal.Kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed with errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}.");
        }
    }

    private void RetireProcess()
    {
        if (_process is null)
        {
            return;
        }

        lock (_previousLogs)
        {
            _previousLogs.AppendLine(_process.GetOutput());
        }

        _process.Dispose();
        _process = null;
    }
}
