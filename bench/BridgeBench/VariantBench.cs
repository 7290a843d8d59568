using System.Globalization;
using System.Text;

namespace BridgeBench;

/// <summary>
/// live.jpeg, interleaved: the real bridge binary started once per variant (each its own process, so GC and socket
/// settings given as environment variables apply), nginx static sendfile and the seed design, all on one broker and one
/// retained frame; every round runs wrk against each target in turn, so the ratios compare runs seconds apart.
/// </summary>
internal static class VariantBench
{
    /// <summary>Variants: <c>name[:VAR=value[,VAR=value]]</c> separated by <c>;</c>, e.g. <c>base;inline:DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>.</summary>
    public static IReadOnlyList<(string Name, Dictionary<string, string> Environment)> ParseVariants(string text) =>
        [.. text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(spec =>
        {
            var colon = spec.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? spec : spec[..colon];
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            if (colon >= 0)
            {
                foreach (var pair in spec[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    env[pair[..eq]] = pair[(eq + 1)..];
                }
            }

            return (name, env);
        })];

    public static async Task<string> RunAsync(string work, int brokerPort, string prefix, string cameraId, byte[] frame, string variantsText, int rounds, int seconds, string? wrkCpus, IReadOnlyList<int> connectionCounts, bool ceiling)
    {
        var ceilings = new List<RawCeilingServer>();
        var variants = ParseVariants(variantsText);
        var targets = new List<(string Name, string Url, ExternalProcess? Process)>();
        try
        {
            foreach (var (name, env) in variants)
            {
                var (url, process) = await StartBridgeAsync(env, brokerPort, prefix, cameraId);
                targets.Add(($"bridge {name}", url + $"cameras/{cameraId}/live.jpeg", process));
            }

            var nginxPort = ExternalProcess.FreePort();
            targets.Add(("nginx static sendfile", $"http://127.0.0.1:{nginxPort}/live.jpeg", await ComparisonServers.StartNginxAsync(Path.Combine(work, "nginx-v"), frame, nginxPort)));
            if (File.Exists("/usr/bin/gunicorn"))
            {
                var seedPort = ExternalProcess.FreePort();
                targets.Add(("seed design (Flask + SQLite, gunicorn gthread)", $"http://127.0.0.1:{seedPort}/live.jpeg", await ComparisonServers.StartFlaskAsync(Path.Combine(work, "flask-v"), frame, seedPort)));
            }
            else
            {
                Console.WriteLine("gunicorn missing: apt-get install python3-flask gunicorn (the seed-design row and the ÷ seed column are left out)");
            }

            if (ceiling)
            {
                // .NET's Socket.SendFileAsync opens the file on every call (2.3-2.9k req/s and file handles piling up
                // in a first run), so only the one-send ceiling is measured here; the bridge's Bridge:LiveSendfile
                // variant is the P/Invoke sendfile.
                var whole = RawCeilingServer.Start(frame);
                ceilings.Add(whole);
                targets.Add(("ceiling: raw socket, prebuilt response, one send", $"http://127.0.0.1:{whole.Port}/live.jpeg", null));
            }

            var table = new StringBuilder();
            table.AppendLine(CultureInfo.InvariantCulture, $"`wrk -t2 -c<N> -d{seconds}s --latency --timeout 10s`, targets in turn within each round; variants: `{variantsText}`.");
            table.AppendLine();
            table.AppendLine("| round | conns | target | req/s | p50 ms | p99 ms | errors | ÷ nginx | ÷ seed | load (1 min) |");
            table.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
            // Warm-up (JIT tiering, pools, page cache), not recorded.
            foreach (var (_, url, _) in targets)
            {
                await using var warm = ExternalProcess.Start("wrk", ["-t2", "-c100", "-d3s", url]);
                await warm.WaitForExitAsync(TimeSpan.FromSeconds(60));
            }

            var totals = new Dictionary<(int, string), List<double>>();
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var connections in connectionCounts)
                {
                    var results = new List<(string Name, WrkResult Result, string Load)>();
                    // Rotated each round so no target always runs first (warm-up) or last (the load of the others' builds).
                    foreach (var (name, url, _) in targets.Skip(round % targets.Count).Concat(targets.Take(round % targets.Count)))
                    {
                        string[] wrkArgs = ["-t2", $"-c{connections}", $"-d{seconds}s", "--latency", "--timeout", "10s", url];
                        var wrk = wrkCpus is null ? ExternalProcess.Start("wrk", wrkArgs) : ExternalProcess.Start("taskset", ["-c", wrkCpus, "wrk", .. wrkArgs]);
                        var result = WrkResult.Parse(await wrk.WaitForExitAsync(TimeSpan.FromSeconds(seconds + 60)));
                        await wrk.DisposeAsync();
                        results.Add((name, result, LoadAverage()));
                    }

                    var nginx = results.Single(r => r.Name.StartsWith("nginx", StringComparison.Ordinal)).Result.RequestsPerSecond;
                    var seed = results.SingleOrDefault(r => r.Name.StartsWith("seed", StringComparison.Ordinal)).Result?.RequestsPerSecond ?? double.NaN;
                    foreach (var (name, result, load) in results.OrderBy(r => targets.FindIndex(t => t.Name == r.Name)))
                    {
                        var line = string.Create(CultureInfo.InvariantCulture, $"| {round} | {connections} | {name} | {result.RequestsPerSecond:0} | {result.P50Ms:0.00} | {result.P99Ms:0.00} | {result.Errors} | {result.RequestsPerSecond / nginx:0.00} | {result.RequestsPerSecond / seed:0.0} | {load} |");
                        Console.WriteLine(line);
                        table.AppendLine(line);
                        var key = (connections, name);
                        if (!totals.TryGetValue(key, out var list))
                        {
                            totals[key] = list = [];
                        }

                        list.Add(result.RequestsPerSecond);
                    }
                }
            }

            table.AppendLine();
            table.AppendLine("Median over rounds:");
            table.AppendLine();
            table.AppendLine("| conns | target | median req/s |");
            table.AppendLine("|---|---|---|");
            foreach (var ((connections, name), values) in totals)
            {
                var sorted = values.Order().ToArray();
                table.AppendLine(CultureInfo.InvariantCulture, $"| {connections} | {name} | {sorted[sorted.Length / 2]:0} |");
            }

            return table.ToString();
        }
        finally
        {
            foreach (var server in ceilings)
            {
                await server.DisposeAsync();
            }

            foreach (var (_, _, process) in targets)
            {
                if (process is not null)
                {
                    await process.DisposeAsync();
                }
            }
        }
    }

    /// <summary>The real bridge binary with the variant's environment, once it serves the retained frame; returns its base URL.</summary>
    public static async Task<(string BaseUrl, ExternalProcess Process)> StartBridgeAsync(Dictionary<string, string> environment, int brokerPort, string prefix, string cameraId)
    {
        // The bridge's own build output (its runtimeconfig and appsettings), built by this project's reference.
        var bridgeDll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/MqttCam.Bridge/bin/Release/net10.0/MqttCam.Bridge.dll"));
        var port = ExternalProcess.FreePort();
        var process = ExternalProcess.Start("dotnet", [bridgeDll, "--urls", $"http://127.0.0.1:{port}", "--Mqtt:Host=127.0.0.1", $"--Mqtt:Port={brokerPort}", $"--Mqtt:TopicPrefix={prefix}", "--Logging:LogLevel:Default=Warning"], environment: environment);
        var baseUrl = $"http://127.0.0.1:{port}/";
        await WaitForFrameAsync(baseUrl + $"cameras/{cameraId}/live.jpeg", TimeSpan.FromSeconds(60));
        return (baseUrl, process);
    }

    public static string LoadAverage() =>
        File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>Asks until the bridge serves the retained frame (each attempt a real answer: refused, 503 or 200).</summary>
    private static async Task WaitForFrameAsync(string url, TimeSpan timeout)
    {
        using var http = new HttpClient();
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(url, deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
        }
    }
}
