using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using MqttCam.Bridge.Configuration;
using MqttCam.Bridge.Operations;
using MqttCam.Bridge.Serving;

namespace MqttCam.Bridge.Cameras;

/// <summary>
/// The cameras learned from MQTT traffic (and uploads), bounded by <see cref="BridgeOptions.MaxCameras"/>. Ids that
/// never sent a frame and are not online age out after <see cref="BridgeOptions.CameraIdleSeconds"/>, and at the cap
/// a camera that sends a frame takes the place of the longest-idle such id, so stray messages can neither fill the
/// registry for ever nor lock out a real camera.
/// </summary>
public sealed class CameraRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, CameraHub> _cameras = new(StringComparer.Ordinal);
    private readonly BridgeOptions _options;
    private readonly ResizeLimiter _resizeLimiter;
    private readonly BridgeMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<CameraRegistry> _logger;
    private readonly TimeSpan _idleAfter;
    private readonly ITimer _sweep;
    private readonly Lock _addGate = new();

    public CameraRegistry(IOptions<BridgeOptions> options, ResizeLimiter resizeLimiter, BridgeMetrics metrics, TimeProvider time, ILogger<CameraRegistry> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _resizeLimiter = resizeLimiter;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _idleAfter = TimeSpan.FromSeconds(_options.CameraIdleSeconds);
        var period = TimeSpan.FromSeconds(Math.Clamp(_options.CameraIdleSeconds / 4, 0.25, 60));
        _sweep = time.CreateTimer(static state => ((CameraRegistry)state!).ExpireIdle(), this, period, period);
    }

    /// <summary>Raised (on the MQTT dispatch thread) for every accepted frame; handlers must not block.</summary>
    public event Action<Frame>? FrameAccepted;

    /// <summary>Raised (on the MQTT dispatch thread) after any message changed a camera: frame, snapshot, availability or state.</summary>
    public event Action<CameraHub>? CameraUpdated;

    public int Count => _cameras.Count;

    public IEnumerable<CameraHub> All => _cameras.Values.OrderBy(c => c.Id, StringComparer.Ordinal);

    public bool TryGet(string id, [NotNullWhen(true)] out CameraHub? camera) => _cameras.TryGetValue(id, out camera);

    /// <summary>
    /// The camera, created if new. At the limit only a message that carries a frame (<paramref name="bringsFrame"/>)
    /// may make room, by evicting the longest-idle id that has no frame and is not online; otherwise null.
    /// </summary>
    public CameraHub? GetOrAdd(string id, bool bringsFrame = true)
    {
        if (_cameras.TryGetValue(id, out var existing))
        {
            return existing;
        }

        lock (_addGate)
        {
            if (_cameras.TryGetValue(id, out existing))
            {
                return existing;
            }

            if (_cameras.Count >= _options.MaxCameras && !(bringsFrame && EvictOneIdle()))
            {
                return null;
            }

            var camera = new CameraHub(id, new ResizedFrameCache(_options, _resizeLimiter, _metrics, _logger), _time.GetUtcNow());
            _cameras[id] = camera;
            return camera;
        }
    }

    /// <summary>The configured default camera, or the only camera when there is exactly one.</summary>
    public bool TryGetDefault([NotNullWhen(true)] out CameraHub? camera)
    {
        if (_options.DefaultCamera is { Length: > 0 } id)
        {
            return _cameras.TryGetValue(id, out camera);
        }

        camera = _cameras.Count == 1 ? _cameras.Values.FirstOrDefault() : null;
        return camera is not null;
    }

    public void Dispose() => _sweep.Dispose();

    internal void NotifyUpdated(CameraHub camera)
    {
        camera.Touch(_time.GetUtcNow());
        CameraUpdated?.Invoke(camera);
    }

    internal void AcceptFrame(CameraHub camera, Frame frame)
    {
        camera.PublishFrame(frame);
        FrameAccepted?.Invoke(frame);
    }

    /// <summary>Forgets every id idle past the limit; runs on the sweep timer.</summary>
    internal void ExpireIdle()
    {
        var now = _time.GetUtcNow();
        foreach (var camera in _cameras.Values)
        {
            if (camera.IsIdleSince(now - _idleAfter))
            {
                Remove(camera);
            }
        }
    }

    private bool EvictOneIdle()
    {
        var victim = _cameras.Values.Where(c => c.IsIdleSince(DateTimeOffset.MaxValue)).MinBy(c => c.LastActivity);
        if (victim is null)
        {
            return false;
        }

        Remove(victim);
        return true;
    }

    private void Remove(CameraHub camera)
    {
        if (_cameras.TryRemove(new KeyValuePair<string, CameraHub>(camera.Id, camera)))
        {
            _metrics.CameraExpired();
            _logger.CameraExpired(camera.Id, _options.CameraIdleSeconds);
        }
    }
}
