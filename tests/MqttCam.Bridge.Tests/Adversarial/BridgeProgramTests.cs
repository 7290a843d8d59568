using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MqttCam.Bridge.Tests.Adversarial;

/// <summary>Issue 10 #11: the real bridge process with a bad configuration: one line per bad key, exit 2, no stack trace.</summary>
public sealed class BridgeProgramTests
{
    [Fact]
    public async Task BadConfiguration_ExitsWith2_OneLinePerKey_NoStackTrace()
    {
        var (exitCode, errors) = await RunBridgeAsync("--Mqtt:Port=70000", "--Bridge:MaxCameras=0", "--Bridge:StreamStallSeconds=-1", "--Bridge:LeaseSeconds=1");

        Assert.Equal(2, exitCode);
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("Mqtt:Port:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Bridge:MaxCameras:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Bridge:StreamStallSeconds:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Bridge:LeaseSeconds:", StringComparison.Ordinal));
        Assert.DoesNotContain(" at ", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TcpIngestPortInUse_ExitsWith2_NamingTheKey()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, errors) = await RunBridgeAsync("--Bridge:TcpIngestAddress=127.0.0.1", $"--Bridge:TcpIngestPort={port}", "--Mqtt:Host=127.0.0.1", "--Mqtt:Port=1");

        Assert.Equal(2, exitCode);
        Assert.Contains($"Bridge:TcpIngestPort: cannot listen on 127.0.0.1:{port}", errors, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", errors, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Errors)> RunBridgeAsync(params string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "MqttCam.Bridge.dll");
        Assert.True(File.Exists(dll), $"{dll} missing: build tests/MqttCam.Bridge.Tests");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await errors + await output);
    }
}
