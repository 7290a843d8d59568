using System.Text;
using MqttCam.Device.Demand;
using MqttCam.Testing.Time;

namespace MqttCam.Device.Tests.Demand;

public sealed class WatchLeaseTableTests
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    [Theory]
    [InlineData("{}", null)]
    [InlineData("{\"fps\": 5}", 5.0)]
    [InlineData("{\"fps\": 0.5}", 0.5)]
    [InlineData("{\"fps\": null}", null)]
    [InlineData("{\"fps\": 2, \"note\": {\"a\": [1, 2]}}", 2.0)]
    [InlineData(" { \"future\": true } ", null)]
    public void TryParse_AcceptsTheContractPayloads(string payload, double? fps)
    {
        Assert.True(WatchRequest.TryParse(Json(payload), out var request, out var error), error);
        Assert.Equal(fps, request.Fps);
    }

    [Theory]
    [InlineData("{\"fps\": 0}")]
    [InlineData("{\"fps\": -1}")]
    [InlineData("{\"fps\": \"5\"}")]
    [InlineData("{\"fps\": 1e400}")]
    [InlineData("[]")]
    [InlineData("5")]
    [InlineData("\"x\"")]
    [InlineData("{")]
    [InlineData("{} {}")]
    [InlineData("{\"a\": [[[[[1]]]]]}")]
    [InlineData("not json")]
    public void TryParse_RefusesEverythingElseWithAReason(string payload)
    {
        Assert.False(WatchRequest.TryParse(Json(payload), out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void TryParse_RefusesPayloadsOverTheBound()
    {
        var padded = "{\"fps\": 5, \"pad\": \"" + new string('x', WatchRequest.MaxPayloadBytes) + "\"}";
        Assert.False(WatchRequest.TryParse(Json(padded), out _, out var error));
        Assert.Contains("256", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Lease_WithoutExpiry_LastsTheDefaultSixtySeconds()
    {
        var table = new WatchLeaseTable(_clock);
        Assert.Equal(WatchLeaseChange.Added, table.Apply("viewer", Json("{}"), null).Change);

        _clock.Advance(TimeSpan.FromSeconds(59.9));
        Assert.Equal(1, table.Count);
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(0, table.Count);
        Assert.Null(table.RequestedFps(10));
        Assert.Equal(["viewer"], table.RemoveExpired());
        Assert.Empty(table.RemoveExpired());
    }

    [Fact]
    public void Lease_LastsItsMessageExpiry_AndARenewalExtendsIt()
    {
        var table = new WatchLeaseTable(_clock);
        table.Apply("viewer", Json("{\"fps\": 2}"), 10);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(10), table.NextExpiry);

        _clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(WatchLeaseChange.Renewed, table.Apply("viewer", Json("{\"fps\": 3}"), 10).Change);
        _clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, table.Count);
        Assert.Equal(3, table.RequestedFps(10));
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void EmptyPayload_ReleasesAtOnce_AndNeedsNoClear()
    {
        var table = new WatchLeaseTable(_clock);
        table.Apply("viewer", Json("{}"), 60);
        Assert.Equal(WatchLeaseChange.Released, table.Apply("viewer", [], null).Change);
        Assert.Equal(0, table.Count);
        Assert.Null(table.NextExpiry);
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty(table.RemoveExpired());
    }

    [Fact]
    public void HighestFpsWins_CappedByTheCameraFps_AndALeaseWithoutFpsAsksForFullRate()
    {
        var table = new WatchLeaseTable(_clock);
        table.Apply("slow", Json("{\"fps\": 1}"), 30);
        table.Apply("fast", Json("{\"fps\": 4}"), 60);
        Assert.Equal(4, table.RequestedFps(10));
        Assert.Equal(2, table.RequestedFps(2));

        table.Apply("full", Json("{}"), 20);
        Assert.Equal(10, table.RequestedFps(10));
        Assert.Equal(3, table.Count);

        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(4, table.RequestedFps(10));
        table.Apply("fast", [], null);
        Assert.Equal(1, table.RequestedFps(10));
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(table.RequestedFps(10));
        Assert.Equal(["full", "slow"], table.RemoveExpired().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AtMost32Leases_MoreAreRefused_RenewalsStillWork_AndEndedOnesMakeRoom()
    {
        var table = new WatchLeaseTable(_clock);
        for (var i = 0; i < WatchLeaseTable.MaxLeases; i++)
        {
            Assert.Equal(WatchLeaseChange.Added, table.Apply($"c{i}", Json("{}"), i == 0 ? 5u : 60u).Change);
        }

        var refused = table.Apply("one-more", Json("{}"), 60);
        Assert.Equal(WatchLeaseChange.Refused, refused.Change);
        Assert.Contains("32", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(WatchLeaseChange.Renewed, table.Apply("c5", Json("{\"fps\": 1}"), 60).Change);
        Assert.Equal(32, table.Count);

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(WatchLeaseChange.Added, table.Apply("one-more", Json("{}"), 60).Change);
        Assert.Equal(32, table.Count);
        Assert.Equal(["c0"], table.RemoveExpired());
    }

    [Fact]
    public void RefusedMessages_ChangeNothing()
    {
        var table = new WatchLeaseTable(_clock);
        table.Apply("viewer", Json("{\"fps\": 2}"), 60);

        Assert.Equal(WatchLeaseChange.Refused, table.Apply("viewer", Json("{\"fps\": -3}"), 600).Change);
        Assert.Equal(WatchLeaseChange.Refused, table.Apply("bad/consumer", Json("{}"), 60).Change);
        Assert.Equal(WatchLeaseChange.Refused, table.Apply(new string('x', 65), Json("{}"), 60).Change);

        Assert.Equal(2, table.RequestedFps(10));
        Assert.Equal(_clock.GetUtcNow().AddSeconds(60), table.NextExpiry);
        Assert.Single(table.Snapshot());
    }

    [Fact]
    public void SeededFuzz_NeverThrows_AndKeepsTheBound()
    {
        var random = new Random(12);
        var table = new WatchLeaseTable(_clock);
        string[] fragments = ["{", "}", "\"fps\"", ":", "5", "-1", "null", ",", "[", "]", "1e308", "\"x\"", " ", "\u00ff"];
        for (var i = 0; i < 20_000; i++)
        {
            var text = new StringBuilder();
            for (var n = random.Next(0, 12); n > 0; n--)
            {
                text.Append(fragments[random.Next(fragments.Length)]);
            }

            var payload = random.Next(20) == 0 ? RandomBytes(random) : Json(text.ToString());
            var outcome = table.Apply($"c{random.Next(100)}", payload, random.Next(3) == 0 ? null : (uint)random.Next(0, 120));
            Assert.True(outcome.Change != WatchLeaseChange.Refused || outcome.Reason is not null);
            Assert.InRange(table.Count, 0, WatchLeaseTable.MaxLeases);
            Assert.InRange(table.Snapshot().Count, 0, WatchLeaseTable.MaxLeases);
            if (i % 100 == 0)
            {
                _clock.Advance(TimeSpan.FromSeconds(random.Next(0, 30)));
                table.RemoveExpired();
            }
        }
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 400)];
        random.NextBytes(bytes);
        return bytes;
    }
}
