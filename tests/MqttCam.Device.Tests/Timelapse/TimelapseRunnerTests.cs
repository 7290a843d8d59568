using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using MqttCam.Device.Timelapse;
using MqttCam.Testing.Time;

namespace MqttCam.Device.Tests.Timelapse;

public sealed class TimelapseRunnerTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("mqttcam-timelapse-").FullName;
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2025, 3, 10, 14, 37, 12, TimeSpan.Zero));
    private readonly Channel<DateTimeOffset> _scheduled = Channel.CreateUnbounded<DateTimeOffset>();
    private readonly Channel<string?> _attempts = Channel.CreateUnbounded<string?>();
    private int _stills;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task StillsAreWrittenOnTheMinuteWithPatternNamesAndRetentionKeepsTheNewest()
    {
        var runner = Create("{\"every\": \"minute\", \"name\": \"tl-{counter:000}-{timestamp:yyyy-MM-dd-HH-mm}.jpg\", \"max_files\": 2}");
        await using (runner)
        {
            runner.Start();
            string[] written = [await NextStillAsync(), await NextStillAsync(), await NextStillAsync()];

            Assert.Equal(["tl-001-2025-03-10-14-38.jpg", "tl-002-2025-03-10-14-39.jpg", "tl-003-2025-03-10-14-40.jpg"], written.Select(Path.GetFileName));
            Assert.Equal(["tl-002-2025-03-10-14-39.jpg", "tl-003-2025-03-10-14-40.jpg"], Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal([3], await File.ReadAllBytesAsync(written[2], TestContext.Current.CancellationToken));
            var state = runner.State;
            Assert.True(state.Active);
            Assert.Equal((3, 1, "every minute"), (state.Captured, state.Deleted, state.Schedule));
            Assert.Equal(new DateTimeOffset(2025, 3, 10, 14, 41, 0, TimeSpan.Zero), state.NextAt);
        }

        Assert.False(runner.State.Active);
    }

    [Fact]
    public async Task ADiskFullWriteIsReportedAndTheTimelapseCarriesOn()
    {
        var full = true;
        var runner = Create("{\"interval_seconds\": 10}", (path, jpeg, token) => full
            ? throw new IOException("No space left on device : '/var/lib/mqttcam/x.jpg'", 28)
            : MqttCam.Core.Files.AtomicFile.WriteAllBytesAsync(path, jpeg, token));
        await using (runner)
        {
            runner.Start();
            await AdvanceToNextSlotAsync();
            Assert.Null(await _attempts.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(s_timeout, TestContext.Current.CancellationToken));
            Assert.StartsWith("disk full: No space left on device", runner.State.LastError, StringComparison.Ordinal);
            Assert.Equal(0, runner.State.Captured);

            full = false;
            var path = await NextStillAsync();

            Assert.True(File.Exists(path));
            Assert.Null(runner.State.LastError);
            Assert.Equal(1, runner.State.Captured);
        }
    }

    [Fact]
    public async Task ByteAndAgeRetentionDeleteTheOldestFiles()
    {
        var old = Path.Combine(_directory, "old.jpg");
        await File.WriteAllBytesAsync(old, new byte[10], TestContext.Current.CancellationToken);
        File.SetLastWriteTimeUtc(old, new DateTime(2025, 3, 8, 0, 0, 0, DateTimeKind.Utc));
        var retention = new TimelapseRetention(null, null, TimeSpan.FromHours(24));

        Assert.Equal(1, retention.Apply(_directory, _time.GetUtcNow()));
        Assert.False(File.Exists(old));

        for (var i = 0; i < 3; i++)
        {
            var file = Path.Combine(_directory, $"f{i}.jpg");
            await File.WriteAllBytesAsync(file, new byte[100], TestContext.Current.CancellationToken);
            File.SetLastWriteTimeUtc(file, new DateTime(2025, 3, 10, 14, i, 0, DateTimeKind.Utc));
        }

        Assert.Equal(1, new TimelapseRetention(null, 250, null).Apply(_directory, _time.GetUtcNow()));
        Assert.Equal(["f1.jpg", "f2.jpg"], Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private TimelapseRunner Create(string json, Func<string, byte[], CancellationToken, Task>? write = null)
    {
        using var document = JsonDocument.Parse(json);
        Assert.True(TimelapseRequest.TryParse(document.RootElement, out var request, out var error), error);
        var runner = new TimelapseRunner(request, _directory, "cam", _ => Task.FromResult(new[] { (byte)Interlocked.Increment(ref _stills) }), _time, NullLogger.Instance, write);
        runner.Scheduled += slot => _scheduled.Writer.TryWrite(slot);
        runner.Attempted += path => _attempts.Writer.TryWrite(path);
        return runner;
    }

    private async Task AdvanceToNextSlotAsync()
    {
        var slot = await _scheduled.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(s_timeout, TestContext.Current.CancellationToken);
        _time.Advance(slot - _time.GetUtcNow());
    }

    private async Task<string> NextStillAsync()
    {
        await AdvanceToNextSlotAsync();
        var path = await _attempts.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(s_timeout, TestContext.Current.CancellationToken);
        Assert.NotNull(path);
        return path;
    }
}
