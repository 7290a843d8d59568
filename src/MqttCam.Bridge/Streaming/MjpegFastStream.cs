using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.AspNetCore.Connections;
using MqttCam.Bridge.Cameras;
using MqttCam.Bridge.Demand;
using MqttCam.Bridge.Operations;
using MqttCam.Bridge.Serving;

namespace MqttCam.Bridge.Streaming;

/// <summary>
/// stream.mjpeg on the fast path: the same response as the endpoint (same headers, chunked, the shared per-frame part
/// of <see cref="MjpegStreamWriter"/>), but each frame goes from the frame's own buffer to the socket in one gathered
/// send (chunk size line, part, CRLF) instead of being copied into every client's Kestrel pipe first. A slow client
/// skips frames (one pending frame, as on the endpoint); a send without progress for <c>Bridge:StreamStallSeconds</c>
/// cuts it. With <c>Bridge:LiveSendfile</c> the whole chunk goes from the frame's memfd by sendfile(2)
/// (<see cref="FrameFiles"/>); what the socket does not take at once is sent the managed way.
/// </summary>
internal sealed class MjpegFastStream(BridgeMetrics metrics, ViewerLeases leases, TimeProvider time, TimeSpan stallLimit, ILogger logger, FrameFiles files)
{
    private static readonly byte[] s_head = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nContent-Type: " + MjpegStreamWriter.ContentType
        + "\r\nCache-Control: no-store, no-cache, must-revalidate\r\nPragma: no-cache\r\nX-Accel-Buffering: no\r\nTransfer-Encoding: chunked\r\n");

    // Ends the response head (the Date line comes before it).
    private static readonly byte[] s_crlf = "\r\n"u8.ToArray();

    /// <summary>Streams until the client goes, stalls or the bridge stops; the connection ends with it.</summary>
    public async Task StreamAsync(ConnectionContext connection, Socket socket, CameraHub camera, byte[] dateLine, CancellationToken stopping)
    {
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, stopping);
        var watching = WatchForCloseAsync(connection.Transport.Input, closed);
        var stalled = false;
        using var watchdog = time.CreateTimer(
            _ =>
            {
                stalled = true;
                connection.Abort();
            },
            null,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        var sizeLine = new byte[HttpChunk.MaxSizeLineLength];
        var parts = new ArraySegment<byte>[3];
        bool? sendfile = null;
        long frames = 0;
        using var subscription = camera.Subscribe();
        using var lease = leases.Acquire(camera.Id);
        metrics.ClientConnected(ServedEndpoint.Mjpeg);
        try
        {
            await SendAsync(socket, [s_head, dateLine, s_crlf, HttpChunk.SizeLine(sizeLine, MjpegStreamWriter.Opening.Length), MjpegStreamWriter.Opening.ToArray(), HttpChunk.End], watchdog).ConfigureAwait(false);
            while (await subscription.Frames.WaitToReadAsync(closed.Token).ConfigureAwait(false))
            {
                while (subscription.Frames.TryRead(out var frame))
                {
                    var part = frame.MjpegPart(MjpegStreamWriter.Trailer);
                    if (!MemoryMarshal.TryGetArray(part, out var partArray))
                    {
                        return;
                    }

                    parts[0] = HttpChunk.SizeLine(sizeLine, part.Length);
                    parts[1] = partArray;
                    parts[2] = HttpChunk.End;
                    sendfile ??= files.Enabled && LinuxSendfile.IsNonBlocking(socket.SafeHandle);
                    if (sendfile.Value && files.For(frame) is { } file && file.TryLease(out var fileLease))
                    {
                        int sent;
                        using (fileLease)
                        {
                            sent = LinuxSendfile.SendFile(socket.SafeHandle, fileLease.Descriptor, 0, file.ChunkLength);
                        }

                        if (sent < file.ChunkLength)
                        {
                            await SendAsync(socket, SegmentList.Skip(parts, sent), watchdog).ConfigureAwait(false);
                        }
                    }
                    else
                    {
                        await SendAsync(socket, parts, watchdog).ConfigureAwait(false);
                    }
                    frames++;
                    metrics.CountResponse(ServedEndpoint.Mjpeg, MjpegStreamWriter.WireLength(frame));
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or ConnectionAbortedException or IOException or OperationCanceledException)
        {
            if (stalled)
            {
                metrics.StalledClientCut();
                logger.StreamClientStalled("MJPEG", camera.Id, stallLimit.TotalSeconds);
            }
        }
        finally
        {
            metrics.ClientDisconnected(ServedEndpoint.Mjpeg);
            logger.StreamClientEnded("MJPEG", camera.Id, frames);
            await closed.CancelAsync().ConfigureAwait(false);
            await watching.ConfigureAwait(false);
        }
    }

    private async Task SendAsync(Socket socket, IList<ArraySegment<byte>> buffers, ITimer watchdog)
    {
        var send = socket.SendAsync(buffers, SocketFlags.None);
        if (send.IsCompleted)
        {
            await send.ConfigureAwait(false);
            return;
        }

        watchdog.Change(stallLimit, Timeout.InfiniteTimeSpan);
        await send.ConfigureAwait(false);
        watchdog.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The only reader of the request side: whatever the client sends is discarded; its end ends the stream.</summary>
    private static async Task WatchForCloseAsync(PipeReader input, CancellationTokenSource closed)
    {
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(closed.Token).ConfigureAwait(false);
                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ConnectionAbortedException or IOException or InvalidOperationException)
        {
        }
        finally
        {
            await closed.CancelAsync().ConfigureAwait(false);
        }
    }
}
