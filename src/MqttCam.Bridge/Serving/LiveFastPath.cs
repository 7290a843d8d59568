using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using MqttCam.Bridge.Cameras;
using MqttCam.Bridge.Configuration;
using MqttCam.Bridge.Demand;
using MqttCam.Bridge.Operations;
using MqttCam.Bridge.Streaming;

namespace MqttCam.Bridge.Serving;

/// <summary>
/// Kestrel connection middleware for the most requested URLs (stream.mjpeg: <see cref="MjpegFastStream"/>). While a keep-alive connection sends only plain
/// <c>GET|HEAD live.jpeg</c> requests (<see cref="LiveRequestParser"/>) for a camera that has a frame, the answer —
/// the frame's prebuilt head, a per-request Date/age line and the JPEG, in one gathered send — goes straight onto the
/// connection's socket: no HTTP context, no copy of the JPEG into Kestrel's response pipe. The first request it does
/// not answer (anything else, a conditional, an incomplete request, a camera without a frame, a token to check) is
/// left unread and the connection handed to Kestrel for good, so every other behaviour is Kestrel's and the endpoints'.
/// Measured in docs/benchmarks.md; <c>Bridge:LiveFastPath=false</c> turns it off. With <c>Bridge:LiveSendfile</c> the
/// JPEG goes from the frame's memfd by sendfile(2) instead (<see cref="FrameFiles"/>), the head first with MSG_MORE;
/// whatever the socket does not take at once is sent the managed way.
/// </summary>
internal sealed class LiveFastPath : IDisposable
{
    private readonly CameraRegistry _registry;
    private readonly BridgeMetrics _metrics;
    private readonly ViewerLeases _leases;
    private readonly TimeProvider _time;
    private readonly bool _enabled;
    private readonly TimeSpan _firstRequestTimeout;
    private readonly TimeSpan _keepAliveTimeout;
    private readonly TimeSpan _sendStallTimeout;
    private readonly CancellationToken _stopping;
    private readonly MjpegFastStream _mjpeg;
    private readonly FrameFiles _files;
    private volatile DateLine? _dateLine;

    public LiveFastPath(CameraRegistry registry, BridgeMetrics metrics, ViewerLeases leases, TimeProvider time, IOptions<BridgeOptions> options, IOptions<KestrelServerOptions> kestrel, IHostApplicationLifetime lifetime, ILogger<LiveFastPath> logger)
    {
        _registry = registry;
        _metrics = metrics;
        _leases = leases;
        _time = time;
        var bridge = options.Value;

        // With viewing behind a token, every request needs the check the endpoints do: leave them all to Kestrel.
        _enabled = bridge.LiveFastPath && !bridge.RequireTokenForViewing;
        _firstRequestTimeout = kestrel.Value.Limits.RequestHeadersTimeout;
        _keepAliveTimeout = kestrel.Value.Limits.KeepAliveTimeout;
        _sendStallTimeout = TimeSpan.FromSeconds(bridge.StreamStallSeconds);
        _stopping = lifetime.ApplicationStopping;
        _files = new FrameFiles(bridge.LiveSendfile);
        _mjpeg = new MjpegFastStream(metrics, leases, time, _sendStallTimeout, logger, _files);
    }

    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        if (!_enabled || connection.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket)
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        if (await ServeAsync(connection, socket).ConfigureAwait(false))
        {
            await next(connection).ConfigureAwait(false);
        }
    }

    /// <summary>Answers plain live.jpeg requests until one is not ours (true: hand to Kestrel) or the connection ends (false).</summary>
    private async Task<bool> ServeAsync(ConnectionContext connection, Socket socket)
    {
        var input = connection.Transport.Input;

        // One timer per connection: it aborts the connection when a wait for the next request or a send takes too long.
        var guard = new Watchdog(connection, _metrics);
        using var watchdog = _time.CreateTimer(static state => ((Watchdog)state!).Fire(), guard, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        using var stopping = _stopping.Register(static state => ((PipeReader)state!).CancelPendingRead(), input);
        var scratch = new byte[LiveRequestParser.MaxRequestBytes];
        var tail = new byte[LiveResponseHead.TailCapacity];
        var withBody = new ArraySegment<byte>[3];
        var headOnly = new ArraySegment<byte>[2];
        var headScratch = Array.Empty<byte>();
        bool? sendfile = null;
        string? lastCameraId = null;
        var first = true;
        try
        {
            while (true)
            {
                var pending = input.ReadAsync();
                ReadResult result;
                if (pending.IsCompleted)
                {
                    result = pending.Result;
                }
                else
                {
                    watchdog.Change(first ? _firstRequestTimeout : _keepAliveTimeout, Timeout.InfiniteTimeSpan);
                    result = await pending.ConfigureAwait(false);
                    watchdog.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                }

                if (result.IsCanceled)
                {
                    // Shutting down: an idle keep-alive connection closes, as Kestrel's own would.
                    return false;
                }

                var buffer = result.Buffer;
                var consumed = buffer.Start;
                while (!buffer.Slice(consumed).IsEmpty)
                {
                    var unread = buffer.Slice(consumed);
                    var span = Contiguous(unread, scratch);
                    if (!LiveRequestParser.TryParse(span, lastCameraId, out var request))
                    {
                        input.AdvanceTo(consumed);
                        return true;
                    }

                    if (request.Stream)
                    {
                        if (!TryCamera(request.CameraId, out var streamed))
                        {
                            input.AdvanceTo(consumed);
                            return true;
                        }

                        // The stream owns the connection to its end (anything the client sends after it is discarded).
                        input.AdvanceTo(unread.GetPosition(request.Length));
                        _metrics.LiveFastPathResponse();
                        await _mjpeg.StreamAsync(connection, socket, streamed, DateLineFor(TimeProvider.System.GetUtcNow()), _stopping).ConfigureAwait(false);
                        return false;
                    }

                    if (Resolve(request) is not { } frame
                        || !MemoryMarshal.TryGetArray(frame.Jpeg, out var jpeg))
                    {
                        // Not ours: Kestrel reads these same bytes next (examined = consumed, so its read returns at once).
                        input.AdvanceTo(consumed);
                        return true;
                    }

                    lastCameraId = request.CameraId.Length > 0 ? request.CameraId : lastCameraId;
                    var now = _time.GetUtcNow();
                    var tailLength = LiveResponseHead.WriteTail(tail, DateLineFor(TimeProvider.System.GetUtcNow()), frame.AgeMillisecondsText(now));
                    var segments = request.Head ? headOnly : withBody;
                    segments[0] = frame.LiveResponseHead;
                    segments[1] = new ArraySegment<byte>(tail, 0, tailLength);
                    if (!request.Head)
                    {
                        segments[2] = jpeg;
                    }

                    _metrics.CountResponse(ServedEndpoint.Live, frame.Jpeg.Length);
                    _metrics.LiveFastPathResponse();
                    // Checked once, after the first read: the socket engine has made the socket non-blocking by then.
                    sendfile ??= _files.Enabled && LinuxSendfile.IsNonBlocking(socket.SafeHandle);
                    if (!request.Head && sendfile.Value && _files.For(frame) is { } file && file.TryLease(out var lease))
                    {
                        var headLength = segments[0].Count + segments[1].Count;
                        if (headScratch.Length < headLength)
                        {
                            headScratch = new byte[headLength + LiveResponseHead.TailCapacity];
                        }

                        segments[0].AsSpan().CopyTo(headScratch);
                        segments[1].AsSpan().CopyTo(headScratch.AsSpan(segments[0].Count));
                        int headSent, bodySent;
                        using (lease)
                        {
                            headSent = LinuxSendfile.SendMore(socket.SafeHandle, headScratch.AsSpan(0, headLength));
                            bodySent = headSent == headLength ? LinuxSendfile.SendFile(socket.SafeHandle, lease.Descriptor, file.JpegOffset, jpeg.Count) : 0;
                        }

                        if (bodySent < jpeg.Count)
                        {
                            ArraySegment<byte> head = new(headScratch, 0, headLength);
                            await SendWatchedAsync(socket, SegmentList.Skip([head, jpeg], headSent + bodySent), guard, watchdog).ConfigureAwait(false);
                        }
                    }
                    else
                    {
                        await SendWatchedAsync(socket, segments, guard, watchdog).ConfigureAwait(false);
                    }

                    consumed = unread.GetPosition(request.Length);
                    first = false;
                }

                input.AdvanceTo(consumed, buffer.End);
                if (result.IsCompleted)
                {
                    return false;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or ConnectionAbortedException or IOException or OperationCanceledException)
        {
            // The client left, or the watchdog cut a stalled or idle connection.
            return false;
        }
    }

    public void Dispose() => _files.Dispose();

    /// <summary>One gathered send; a send that does not complete at once is watched for a stall.</summary>
    private async ValueTask SendWatchedAsync(Socket socket, IList<ArraySegment<byte>> segments, Watchdog guard, ITimer watchdog)
    {
        var send = socket.SendAsync(segments, SocketFlags.None);
        if (send.IsCompleted)
        {
            await send.ConfigureAwait(false);
            return;
        }

        guard.Sending = true;
        watchdog.Change(_sendStallTimeout, Timeout.InfiniteTimeSpan);
        await send.ConfigureAwait(false);
        watchdog.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        guard.Sending = false;
    }

    /// <summary>The frame to send, or null when the endpoint must answer (unknown camera, no frame yet, no default).</summary>
    private Frame? Resolve(LiveRequest request)
    {
        if (!TryCamera(request.CameraId, out var camera) || camera.Latest is not { } frame)
        {
            return null;
        }

        _leases.Touch(camera.Id);
        return frame;
    }

    /// <summary>The named camera, or the default one for an empty id; false where the endpoint answers 4xx/503.</summary>
    private bool TryCamera(string cameraId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CameraHub? camera) =>
        cameraId.Length == 0 ? _registry.TryGetDefault(out camera) : _registry.TryGet(cameraId, out camera);

    private static ReadOnlySpan<byte> Contiguous(ReadOnlySequence<byte> unread, byte[] scratch)
    {
        if (unread.FirstSpan.Length >= Math.Min(unread.Length, LiveRequestParser.MaxRequestBytes))
        {
            return unread.FirstSpan;
        }

        var length = (int)Math.Min(unread.Length, scratch.Length);
        unread.Slice(0, length).CopyTo(scratch);
        return scratch.AsSpan(0, length);
    }

    private byte[] DateLineFor(DateTimeOffset now)
    {
        var second = now.ToUnixTimeSeconds();
        if (_dateLine is { } cached && cached.Second == second)
        {
            return cached.Bytes;
        }

        var line = new DateLine(second, LiveResponseHead.DateLine(now));
        _dateLine = line;
        return line.Bytes;
    }

    /// <summary>Cuts a connection that waited too long: for the next request (closed like Kestrel's keep-alive timeout) or on a send (a stalled reader, counted).</summary>
    private sealed class Watchdog(ConnectionContext connection, BridgeMetrics metrics)
    {
        public volatile bool Sending;

        public void Fire()
        {
            if (Sending)
            {
                metrics.StalledClientCut();
            }

            connection.Abort();
        }
    }

    /// <summary>One immutable pair so a reader never pairs one second's text with another's number.</summary>
    private sealed record DateLine(long Second, byte[] Bytes);
}
