using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MqttCam.Bridge.Cameras;
using MqttCam.Bridge.Configuration;

namespace MqttCam.Bridge.Operations;

/// <summary>
/// Writes each camera's latest frame to <c>&lt;Bridge:MirrorDirectory&gt;/&lt;id&gt;.jpeg</c> via a temp file and an
/// atomic rename, so nginx or a CDN never serves a half-written file. When the disk is slower than the cameras, files
/// skip frames (the queue keeps only recent ones) instead of holding the MQTT dispatch.
/// </summary>
internal sealed class StaticMirrorService : BackgroundService
{
    private readonly Channel<Frame> _frames = Channel.CreateBounded<Frame>(new BoundedChannelOptions(64)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    private readonly CameraRegistry _registry;
    private readonly string? _directory;
    private readonly ILogger<StaticMirrorService> _logger;

    public StaticMirrorService(CameraRegistry registry, IOptions<BridgeOptions> options, ILogger<StaticMirrorService> logger)
    {
        _registry = registry;
        _directory = options.Value.MirrorDirectory;
        _logger = logger;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (_directory is not null)
        {
            Directory.CreateDirectory(_directory);
            _registry.FrameAccepted += Enqueue;
        }

        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _registry.FrameAccepted -= Enqueue;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_directory is null)
        {
            return;
        }

        try
        {
            while (await _frames.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                // Only the newest queued frame of each camera is worth writing.
                var newest = new Dictionary<string, Frame>(StringComparer.Ordinal);
                while (_frames.Reader.TryRead(out var frame))
                {
                    newest[frame.CameraId] = frame;
                }

                foreach (var frame in newest.Values)
                {
                    await WriteAsync(frame, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Enqueue(Frame frame) => _frames.Writer.TryWrite(frame);

    private async Task WriteAsync(Frame frame, CancellationToken stoppingToken)
    {
        var path = Path.Combine(_directory!, frame.CameraId + ".jpeg");
        var temp = path + ".tmp";
        try
        {
            await File.WriteAllBytesAsync(temp, frame.Jpeg, stoppingToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException ex)
        {
            _logger.MirrorWriteFailed(path, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            _logger.MirrorWriteFailed(path, ex);
        }
    }
}
