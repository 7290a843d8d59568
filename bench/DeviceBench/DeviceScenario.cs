using System.Globalization;
using MqttCam.Testing.Processes;

namespace DeviceBench;

/// <summary>The real MqttCam.Device process publishing to the bench broker; frames are counted at the subscriber.</summary>
public static class DeviceScenario
{
    public static async Task<ScenarioResult> RunAsync(
        BenchEnvironment bench, string name, string cameraId, TimeSpan window, IReadOnlyList<string> sourceArgs, CancellationToken cancellationToken)
    {
        if (!File.Exists(bench.DevicePath))
        {
            throw new InvalidOperationException($"{bench.DevicePath} is missing; build with: dotnet build -c {BenchEnvironment.Configuration} bench/DeviceBench");
        }

        var options = bench.Options;
        string[] args =
        [
            bench.DevicePath,
            $"--Mqtt:Host={bench.Broker.Host}",
            $"--Mqtt:Port={bench.Broker.Port}",
            $"--Mqtt:TopicPrefix={bench.Prefix}",
            $"--Camera:Id={cameraId}",
            $"--Camera:Width={options.Width}",
            $"--Camera:Height={options.Height}",
            $"--Camera:Fps={options.Fps.ToString(CultureInfo.InvariantCulture)}",
            $"--Device:StateDirectory={Directory.CreateDirectory(Path.Combine(bench.WorkDirectory, cameraId)).FullName}",
            "--Device:StateIntervalSeconds=5",
            "--HomeAssistant:Discovery=false",
            .. sourceArgs,
        ];
        var counts = bench.Images.For(cameraId);
        var launched = BenchEnvironment.Now();
        await using var device = ChildProcess.Start("dotnet", args, new ChildProcessOptions
        {
            Environment = new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = "Production" },
        });
        try
        {
            await counts.FirstFrame.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"{name}: no frame within 60 s. Device output:\n{device.GetOutput()}");
        }

        WatchedProcess[] processes =
        [
            new("device", () => device.Id),
            new("ffmpeg", () => ProcFs.FindChild(device.Id, "ffmpeg")),
            new("mosquitto", BenchEnvironment.BrokerPid),
        ];
        var result = await ScenarioMeter.MeasureAsync(
            name, launched, processes, () => Task.FromResult(counts.Frames), options.Warmup, window, () => Notes(counts, device), cancellationToken).ConfigureAwait(false);

        device.Terminate();
        try
        {
            await device.WaitForExitAsync(TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Console.WriteLine($"{name}: device did not exit within 20 s of SIGTERM; killed.");
            device.Kill();
        }

        return result;
    }

    private static string Notes(CameraCounts counts, ChildProcess device)
    {
        var state = counts.LastState is { } s ? $"device state: captured {s.Captured}, sent {s.Sent}, dropped {s.Dropped}" : "no state message";
        var warnings = device.GetOutputLines().Count(l => l.Contains("warn", StringComparison.OrdinalIgnoreCase) || l.Contains("fail", StringComparison.OrdinalIgnoreCase));
        var copy = device.GetOutputLines().FirstOrDefault(l => l.Contains("copy", StringComparison.OrdinalIgnoreCase));
        return $"{state}; subscriber: {counts.Frames} whole JPEGs, {counts.NotJpeg} not JPEG, avg {(counts.Frames == 0 ? 0 : counts.Bytes / counts.Frames)} B; " +
            $"{warnings} warning/failure log lines" + (copy is null ? string.Empty : $"; log: {copy.Trim()}");
    }
}
