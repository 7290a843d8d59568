using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MqttCam.Device.Tests.Support;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Mqtt;
using MqttCam.Testing.Processes;

namespace MqttCam.Device.Tests.Adversarial;

/// <summary>
/// Seeded fuzzing of the real device process over a real broker: every request is answered, none says "internal
/// error", a refused request changes no setting, the device stays up and its memory stays bounded.
/// Replay a failure with MQTTCAM_FUZZ_SEED=&lt;seed printed in the failure&gt;.
/// </summary>
[Collection(SharedBroker.Name)]
public sealed class DeviceFuzzTests(MosquittoBrokerFixture fixture)
{
    private const int Requests = 2000;
    private const long RssGrowthLimitBytes = 64L * 1024 * 1024;
    private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_replyTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task FuzzedRequests_AreAllAnswered_AndRefusedOnesChangeNothing()
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("MQTTCAM_FUZZ_SEED"), out int s) ? s : 20261201;
        var fuzzer = new DevicePayloadFuzzer(seed);
        var prefix = DeviceProcess.NewPrefix();
        await using var device = DeviceProcess.Start(fixture.Broker, prefix, "fuzz", null, "--Camera:Width=160", "--Camera:Height=120");
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        // Replies come only under the camera's response tree (issue 10 #9).
        string replyTopic = $"{device.Topics.Response}/_fuzz/{Guid.NewGuid():N}";
        await probe.SubscribeAsync(replyTopic);
        await probe.SubscribeAsync(device.Topics.State);
        string settings = await SettingsAsync(probe, device);
        long rssBefore = Rss(device);

        var clock = Stopwatch.StartNew();
        int sent = 0, refused = 0;
        var kinds = new Dictionary<string, int>();
        for (; sent < Requests && clock.Elapsed < s_budget; sent++)
        {
            FuzzRequest request = fuzzer.Next();
            string context = $"seed {seed}, request #{sent}: {request}";
            kinds[request.Kind] = kinds.GetValueOrDefault(request.Kind) + 1;
            JsonElement reply;
            try
            {
                reply = await RequestAsync(probe, replyTopic, $"{device.Topics.Root}/{request.Leaf}", request.Payload);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"no reply within {s_replyTimeout.TotalSeconds} s (device exited: {device.Process.HasExited}); {context}");
                throw;
            }

            string status = reply.GetProperty("status").GetString() ?? "";
            string error = reply.TryGetProperty("error", out JsonElement e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "";
            Assert.False(error.Contains("internal error", StringComparison.OrdinalIgnoreCase), $"reply '{error}'; {context}");
            Assert.True(status is "ok" or "error", $"status '{status}'; {context}");

            // A refusal must leave every setting as it was; an accepted request sets the new baseline.
            string now = await SettingsAsync(probe, device);
            if (status == "error")
            {
                refused++;
                Assert.True(error.Length > 0, $"an error reply without a reason; {context}");
                Assert.True(now == settings, $"a refused request changed settings from {settings} to {now}; {context}");
            }

            settings = now;
        }

        long rssAfter = Rss(device);
        string summary = $"seed {seed}: {sent} requests ({refused} refused) in {clock.Elapsed.TotalSeconds:F1} s; RSS {rssBefore / 1048576} -> {rssAfter / 1048576} MiB; " +
            string.Join(", ", kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"));
        TestContext.Current.TestOutputHelper?.WriteLine(summary);

        Assert.False(device.Process.HasExited, summary);
        Assert.True(sent >= Requests / 4, "too few requests fit in the time budget; " + summary);
        Assert.True(rssAfter - rssBefore < RssGrowthLimitBytes, "RSS grew too much; " + summary);

        // The retained state agrees with what the device answers, so nothing was changed behind the replies.
        MqttCam.Mqtt.MqttMessage retained = await probe.NextAsync(device.Topics.State, TimeSpan.FromSeconds(30));
        Assert.Equal(settings, JsonDocument.Parse(retained.Payload).RootElement.GetProperty("settings").GetRawText());
    }

    /// <summary>An MQTT 5 request with raw bytes (MqttProbe's requests are text), answered on our reply topic.</summary>
    private static async Task<JsonElement> RequestAsync(MqttProbe probe, string replyTopic, string topic, byte[] payload)
    {
        byte[] correlation = Guid.NewGuid().ToByteArray();
        Task<MqttCam.Mqtt.MqttMessage> reply = probe.WaitForAsync(
            m => m.Topic == replyTopic && m.Properties?.CorrelationData.Span.SequenceEqual(correlation) == true, s_replyTimeout, includeHistory: false);
        await probe.Client.PublishAsync(topic, payload, MqttCam.Mqtt.MqttQos.AtLeastOnce, retain: false, new MqttCam.Mqtt.MqttMessageProperties
        {
            ResponseTopic = replyTopic,
            CorrelationData = correlation,
        }, TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse((await reply).Payload);
        return document.RootElement.Clone();
    }

    private static async Task<string> SettingsAsync(MqttProbe probe, DeviceProcess device)
    {
        JsonElement state = await probe.RequestAsync(device.Topics.Command, """{"action": "state"}""", s_replyTimeout);
        return state.GetProperty("data").GetProperty("settings").GetRawText();
    }

    /// <summary>Resident memory of the device process from /proc (kB there).</summary>
    private static long Rss(DeviceProcess device)
    {
        foreach (string line in File.ReadLines($"/proc/{device.Process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("no VmRSS in /proc status");
    }
}
