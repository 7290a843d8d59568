using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using MqttCam.Bridge.Configuration;
using MqttCam.Bridge.Resizing;

namespace MqttCam.Bridge.Cameras;

/// <summary>The cameras learned from MQTT traffic (and uploads), bounded by <see cref="BridgeOptions.MaxCameras"/>.</summary>
public sealed class CameraRegistry
{
    private readonly ConcurrentDictionary<string, CameraHub> _cameras = new(StringComparer.Ordinal);
    private readonly IOptions<BridgeOptions> _options;
    private readonly ResizeLimiter _resizeLimiter;
    private readonly Lock _addGate = new();

    public CameraRegistry(IOptions<BridgeOptions> options, ResizeLimiter resizeLimiter)
    {
        _options = options;
        _resizeLimiter = resizeLimiter;
    }

    /// <summary>Raised (on the MQTT dispatch thread) for every accepted frame; handlers must not block.</summary>
    public event Action<Frames.Frame>? FrameAccepted;

    /// <summary>Raised (on the MQTT dispatch thread) after any message changed a camera: frame, snapshot, availability or state.</summary>
    public event Action<CameraHub>? CameraUpdated;

    public int Count => _cameras.Count;

    public IEnumerable<CameraHub> All => _cameras.Values.OrderBy(c => c.Id, StringComparer.Ordinal);

    public bool TryGet(string id, [NotNullWhen(true)] out CameraHub? camera) => _cameras.TryGetValue(id, out camera);

    /// <summary>Returns null when the camera limit is reached, so unknown publishers cannot exhaust memory.</summary>
    public CameraHub? GetOrAdd(string id)
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

            var options = _options.Value;
            if (_cameras.Count >= options.MaxCameras)
            {
                return null;
            }

            var camera = new CameraHub(id, new ResizedFrameCache(options.MaxResizedVariants, options.ResizeQuality, _resizeLimiter));
            _cameras[id] = camera;
            return camera;
        }
    }

    /// <summary>The configured default camera, or the only camera when there is exactly one.</summary>
    public bool TryGetDefault([NotNullWhen(true)] out CameraHub? camera)
    {
        if (_options.Value.DefaultCamera is { Length: > 0 } id)
        {
            return _cameras.TryGetValue(id, out camera);
        }

        camera = _cameras.Count == 1 ? _cameras.Values.FirstOrDefault() : null;
        return camera is not null;
    }

    internal void NotifyUpdated(CameraHub camera) => CameraUpdated?.Invoke(camera);

    internal void AcceptFrame(CameraHub camera, Frames.Frame frame)
    {
        camera.PublishFrame(frame);
        FrameAccepted?.Invoke(frame);
    }
}
