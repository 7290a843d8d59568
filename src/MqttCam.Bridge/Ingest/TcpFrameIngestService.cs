using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using MqttCam.Bridge.Configuration;
using MqttCam.Core.Framing;

namespace MqttCam.Bridge.Ingest;

/// <summary>
/// The classic Pi-camera network stream (picamera "rapid capture" recipe): repeated little-endian uint32 length + JPEG,
/// a zero length ends it. Each frame is republished on <c>Bridge:UploadCamera</c>'s image topic.
/// </summary>
internal sealed class TcpFrameIngestService : BackgroundService
{
    private readonly FrameRepublisher _republisher;
    private readonly BridgeOptions _options;
    private readonly ILogger<TcpFrameIngestService> _logger;
    private TcpListener? _listener;

    public TcpFrameIngestService(FrameRepublisher republisher, IOptions<BridgeOptions> options, ILogger<TcpFrameIngestService> logger)
    {
        _republisher = republisher;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The bound port (useful when configured as an ephemeral port in tests); 0 when off.</summary>
    public int Port => (_listener?.LocalEndpoint as IPEndPoint)?.Port ?? 0;

    /// <summary>Opens the listener (once); throws <see cref="SocketException"/> when the port cannot be had.</summary>
    public void Bind()
    {
        if (_options.TcpIngestPort == 0 || _listener is not null)
        {
            return;
        }

        var listener = new TcpListener(IPAddress.Parse(_options.TcpIngestAddress), _options.TcpIngestPort);
        listener.Start();
        _listener = listener;
        var endpoint = listener.LocalEndpoint.ToString() ?? string.Empty;
        _logger.TcpIngestListening(endpoint, _options.UploadCamera);
    }

    /// <summary>The one-line reason for a failed <see cref="Bind"/>, naming the key to change.</summary>
    public string BindFailure(SocketException exception) =>
        $"Bridge:TcpIngestPort: cannot listen on {_options.TcpIngestAddress}:{_options.TcpIngestPort}: {exception.Message}";

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Usually bound already by BridgeProgram; tests that start the host directly bind here.
        Bind();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_listener is null)
        {
            return;
        }

        var connections = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(stoppingToken).ConfigureAwait(false);
                connections.RemoveAll(t => t.IsCompleted);
                connections.Add(ReceiveAsync(socket, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (SocketException ex)
        {
            _logger.TcpIngestFailed(ex);
        }
        finally
        {
            _listener.Stop();
            await Task.WhenAll(connections).ConfigureAwait(false);
        }
    }

    private async Task ReceiveAsync(Socket socket, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var remote = socket.RemoteEndPoint?.ToString() ?? "?";
        long frames = 0;
        string reason;
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = new LengthPrefixedFrameReader(stream, _options.MaxImageBytes);
        try
        {
            while (true)
            {
                // One exact-size array per frame: it becomes the retained payload and the served frame unchanged.
                var read = await reader.ReadAsync(stoppingToken).ConfigureAwait(false);
                if (read.Status != LengthPrefixedReadStatus.Frame)
                {
                    reason = read.Status switch
                    {
                        LengthPrefixedReadStatus.End => "end of stream (length 0)",
                        LengthPrefixedReadStatus.TooLarge => $"frame of {read.Length} bytes is over Bridge:MaxImageBytes ({_options.MaxImageBytes}); connection closed",
                        _ => "connection closed without the final zero length",
                    };
                    break;
                }

                var result = _republisher.TryPublish(_options.UploadCamera, read.Frame!);
                if (result.Status == RepublishStatus.Published)
                {
                    frames++;
                }
            }
        }
        catch (IOException ex)
        {
            reason = ex.Message;
        }
        catch (OperationCanceledException)
        {
            reason = "bridge stopping";
        }

        _logger.TcpIngestConnection(remote, frames, reason);
        if (frames > 0)
        {
            _republisher.StreamEnded(_options.UploadCamera, reason);
        }
    }
}
