using System.Net.Http.Json;
using System.Text.Json;
using MqttCam.Testing.Processes;

namespace DeviceBench;

/// <summary>The seed design: a Python loop captures a frame then makes one blocking HTTP POST of it to a Flask server.</summary>
public static class SeedScenario
{
    public static async Task<ScenarioResult> RunAsync(BenchEnvironment bench, TimeSpan window, CancellationToken cancellationToken)
    {
        var python = ExecutableLocator.Require("python3", "python3 python3-flask python3-requests (scripts/install-deps.sh --bench)");
        var launched = BenchEnvironment.Now();
        await using var server = ChildProcess.Start(python, [Path.Combine(bench.SeedDirectory, "server.py"), Path.Combine(bench.WorkDirectory, "seed.db")]);
        string portLine;
        try
        {
            portLine = await server.WaitForOutputLineAsync(l => l.Length > 0 && l.All(char.IsAsciiDigit), TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"seed server did not start (needs python3-flask). Output:\n{server.GetOutput()}");
        }

        var baseUri = new Uri($"http://127.0.0.1:{portLine}/");
        await using var loop = ChildProcess.Start(python, [Path.Combine(bench.SeedDirectory, "camera_loop.py"), new Uri(baseUri, "?password=bench").ToString(), .. bench.FfmpegInput]);
        try
        {
            await loop.WaitForOutputLineAsync(l => l.StartsWith("first frame posted", StringComparison.Ordinal), TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"seed loop posted nothing within 60 s (needs python3-requests). Output:\n{loop.GetOutput()}");
        }

        using var http = new HttpClient { BaseAddress = baseUri };
        WatchedProcess[] processes =
        [
            new("seed loop", () => loop.Id),
            new("ffmpeg", () => ProcFs.FindChild(loop.Id, "ffmpeg")),
            new("seed server", () => server.Id),
        ];
        JsonElement stats = default;
        async Task<long> ServerFrames()
        {
            stats = await http.GetFromJsonAsync<JsonElement>("stats", cancellationToken).ConfigureAwait(false);
            return stats.GetProperty("frames").GetInt64();
        }

        var result = await ScenarioMeter.MeasureAsync(
            "seed: Python capture + requests.post per frame -> Flask/SQLite", launched, processes, ServerFrames, bench.Options.Warmup, window,
            () => $"server stats: {stats}", cancellationToken).ConfigureAwait(false);

        loop.Terminate();
        var summary = await loop.WaitForOutputLineAsync(l => l.StartsWith("posted=", StringComparison.Ordinal), TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
        server.Terminate();
        await server.WaitForExitAsync(TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
        return result with { Notes = $"{result.Notes}; loop: {summary}" };
    }
}
