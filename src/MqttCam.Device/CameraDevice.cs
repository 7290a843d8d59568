using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MqttCam.Capture;
using MqttCam.Device.Commands;
using MqttCam.Device.Configuration;
using MqttCam.Device.Hosting;
using MqttCam.Device.Persistence;
using MqttCam.Device.Platform;
using MqttCam.Device.Publishing;
using MqttCam.Mqtt;
using MqttCam.Settings;
using MqttCam.Topics;

namespace MqttCam.Device;

/// <summary>
/// The device: pumps frames from the camera source to the retained image topic, keeps availability and state
/// current, and answers settings and commands. Split by concern into partial files (Frames, Messages, Commands,
/// State, Announce). Nothing here may stop the process on bad input: every failure becomes a log line, an error
/// response or the <c>last_error</c> in the state.
/// </summary>
public sealed partial class CameraDevice : BackgroundService
{
    private readonly DeviceConfiguration _configuration;
    private readonly CameraTopics _topics;
    private readonly MqttClient _client;
    private readonly SettingsStore _store;
    private readonly SystemHealth _health;
    private readonly Func<CameraSettings, FrameSource> _createSource;
    private readonly TimeProvider _time;
    private readonly ILogger<CameraDevice> _logger;
    private readonly FrameStatistics _statistics;
    private readonly DateTimeOffset _startedAt;
    private readonly Channel<FrameSource> _sources = Channel.CreateUnbounded<FrameSource>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<bool> _stateRequests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _sourceLock = new(1, 1);
    private readonly Lock _latestLock = new();
    private readonly List<TaskCompletionSource<CapturedStill>> _captureWaiters = [];
    private readonly BackgroundWork _background = new();
    private CameraSettings _settings;
    private FrameSource? _source;
    private JpegFrame? _latest;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private DateTimeOffset? _lastCaptureAt;
    private long _captureCounter;

    public CameraDevice(
        DeviceConfiguration configuration,
        MqttClient client,
        SettingsStore store,
        SystemHealth health,
        Func<CameraSettings, FrameSource> createSource,
        TimeProvider time,
        ILogger<CameraDevice> logger)
    {
        _configuration = configuration;
        _topics = new CameraTopics(configuration.Mqtt.TopicPrefix, configuration.Camera.Id);
        _client = client;
        _store = store;
        _health = health;
        _createSource = createSource;
        _time = time;
        _logger = logger;
        _statistics = new FrameStatistics(time);
        _startedAt = time.GetUtcNow();
        _settings = store.Load(configuration.InitialSettings);
        _client.ConnectionStateChanged += OnConnectionStateChanged;
    }

    public CameraTopics Topics => _topics;

    public CameraSettings Settings => Volatile.Read(ref _settings);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = Settings;
        Log.Starting(_logger, _topics.CameraId, _configuration.Capture.Source.ToString().ToLowerInvariant(), settings.Width, settings.Height, settings.EffectiveFps, settings.Quality, _configuration.Mqtt.Host, _configuration.Mqtt.Port, _topics.Root);

        // Registered before connecting: the client sends them ahead of the "online" announcement on every
        // (re)connect, so a consumer that sees "online" knows commands will be heard.
        await SubscribeAsync(stoppingToken).ConfigureAwait(false);

        // The broker may be down at boot: the client keeps retrying in the background while frames start flowing.
        _client.Start();
        await StartSourceAsync(settings, stoppingToken).ConfigureAwait(false);

        await Task.WhenAll(
            PumpFramesAsync(stoppingToken),
            ProcessMessagesAsync(stoppingToken),
            PublishStateLoopAsync(stoppingToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// The one place the shutdown order is written: (1) the loops stop (pump, messages, state); (2) "offline" is
    /// published while the client still works; (3) background work (captures, recordings, replies, announcements)
    /// and the timelapse are cancelled; (4) the client is disposed, which ends any publish still waiting for the
    /// broker; (5) background work is awaited, bounded; (6) the source stops (its child processes are reaped) and
    /// the latest frame is released.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A clean disconnect does not fire the last will, so say "offline" ourselves before leaving.
            if (_client.IsConnected)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                await _client.PublishAsync(_topics.Availability, AvailabilityBytes.Offline, MqttQos.AtLeastOnce, retain: true, cancellationToken: timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is MqttException or OperationCanceledException)
        {
            Log.StatePublishFailed(_logger, ex.Message);
        }
        finally
        {
            _background.Cancel();
            await StopTimelapseAsync(CancellationToken.None).ConfigureAwait(false);
            await _client.DisposeAsync().ConfigureAwait(false);

            // Real time on purpose: this bounds shutdown itself, and an injected test clock may never advance.
            if (!await _background.WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System).ConfigureAwait(false))
            {
                Log.BackgroundWorkOutlived(_logger, _topics.CameraId, _background.Count);
            }

            if (_source is { } source)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }

            lock (_latestLock)
            {
                _latest?.Dispose();
                _latest = null;
            }

            Log.Stopped(_logger, _topics.CameraId);
        }
    }

    public override void Dispose()
    {
        _sourceLock.Dispose();
        _timelapseLock.Dispose();
        _background.Dispose();
        base.Dispose();
    }

    private async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        string[] filters = [_topics.Set, _topics.SetSettingFilter, _topics.Command];
        if (_configuration.HomeAssistant.Discovery)
        {
            filters = [.. filters, _configuration.HomeAssistant.StatusTopic];
        }

        foreach (var filter in filters)
        {
            await _client.SubscribeAsync(filter, MqttQos.AtLeastOnce, cancellationToken).ConfigureAwait(false);
        }
    }

    private void RecordError(string message)
    {
        _lastError = message;
        _lastErrorAt = _time.GetUtcNow();
        RequestState();
    }

    private void RequestState() => _stateRequests.Writer.TryWrite(true);
}
