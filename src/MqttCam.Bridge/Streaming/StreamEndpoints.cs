using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Features;
using MqttCam.Bridge.Cameras;
using MqttCam.Bridge.Configuration;
using MqttCam.Bridge.Demand;
using MqttCam.Bridge.Operations;
using MqttCam.Bridge.Security;

namespace MqttCam.Bridge.Streaming;

/// <summary>Live streams: MJPEG over HTTP and one binary WebSocket message per frame; slow clients skip frames.</summary>
public static class StreamEndpoints
{
    private static readonly TimeSpan s_closeTimeout = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapStreamEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var handlers = EndpointHandlers.Create<Handlers>(endpoints);
        var group = endpoints.MapTokenGroup(string.Empty, TokenScope.Viewing);
        group.MapGet("/cameras/{id}/stream.mjpeg", (HttpContext context, string id) => handlers.MjpegAsync(context, id));
        group.MapGet("/stream.mjpeg", (HttpContext context) => handlers.MjpegAsync(context, CameraLookup.DefaultCameraId));
        group.MapGet("/cameras/{id}/ws", (HttpContext context, string id) => handlers.WebSocketAsync(context, id));
        return endpoints;
    }

    private sealed class Handlers(CameraRegistry registry, BridgeMetrics metrics, TimeProvider time, BridgeOptions options, ViewerLeases leases, ILogger<CameraRegistry> logger)
    {
        public async Task MjpegAsync(HttpContext context, string id)
        {
            if (!CameraLookup.TryResolve(registry, id, out var camera, out var error))
            {
                await error.ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            var response = context.Response;
            response.ContentType = MjpegStreamWriter.ContentType;
            response.Headers.CacheControl = "no-store, no-cache, must-revalidate";
            response.Headers.Pragma = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

            var aborted = context.RequestAborted;
            using var guard = new StallGuard(TimeSpan.FromSeconds(options.StreamStallSeconds), time, aborted);
            long frames = 0;
            using var subscription = camera.Subscribe();
            using var lease = leases.Acquire(camera.Id);
            metrics.ClientConnected(ServedEndpoint.Mjpeg);
            try
            {
                var writer = response.BodyWriter;
                writer.Write(MjpegStreamWriter.Opening);
                guard.WriteStarting();
                await writer.FlushAsync(guard.Token).ConfigureAwait(false);
                guard.WriteFinished();
                while (await subscription.Frames.WaitToReadAsync(aborted).ConfigureAwait(false))
                {
                    while (subscription.Frames.TryRead(out var frame))
                    {
                        guard.WriteStarting();
                        if (!await MjpegStreamWriter.WriteFrameAsync(writer, frame, guard.Token).ConfigureAwait(false))
                        {
                            return;
                        }

                        guard.WriteFinished();
                        frames++;
                        metrics.CountResponse(ServedEndpoint.Mjpeg, MjpegStreamWriter.WireLength(frame));
                    }
                }
            }
            catch (OperationCanceledException) when (guard.Stalled)
            {
                // The client stopped reading: drop the connection so its socket buffers are freed too.
                metrics.StalledClientCut();
                logger.StreamClientStalled("MJPEG", camera.Id, options.StreamStallSeconds);
                context.Abort();
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                // The client went away: the normal end of a stream.
            }
            finally
            {
                metrics.ClientDisconnected(ServedEndpoint.Mjpeg);
                logger.StreamClientEnded("MJPEG", camera.Id, frames);
            }
        }

        public async Task WebSocketAsync(HttpContext context, string id)
        {
            if (!CameraLookup.TryResolve(registry, id, out var camera, out var error))
            {
                await error.ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            if (!context.WebSockets.IsWebSocketRequest)
            {
                await TypedResults.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "WebSocket expected",
                    detail: "Connect with a WebSocket client; for plain HTTP use stream.mjpeg.").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            // Pings detect a client that stopped reading: upgraded connections are not covered by Kestrel's data rate limits.
            using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = TimeSpan.FromSeconds(15),
                KeepAliveTimeout = TimeSpan.FromSeconds(30),
            }).ConfigureAwait(false);
            using var closed = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            using var subscription = camera.Subscribe();
            using var lease = leases.Acquire(camera.Id);
            metrics.ClientConnected(ServedEndpoint.WebSocket);
            var receiving = ReceiveUntilClosedAsync(socket, closed);
            long frames = 0;
            try
            {
                await foreach (var frame in subscription.Frames.ReadAllAsync(closed.Token).ConfigureAwait(false))
                {
                    await socket.SendAsync(frame.Jpeg, WebSocketMessageType.Binary, endOfMessage: true, closed.Token).ConfigureAwait(false);
                    frames++;
                    metrics.CountResponse(ServedEndpoint.WebSocket, frame.Jpeg.Length);
                }
            }
            catch (OperationCanceledException) when (closed.IsCancellationRequested)
            {
            }
            catch (WebSocketException ex)
            {
                logger.WebSocketFailed(camera.Id, ex);
            }
            finally
            {
                metrics.ClientDisconnected(ServedEndpoint.WebSocket);
                await CloseAsync(socket).ConfigureAwait(false);
                await closed.CancelAsync().ConfigureAwait(false);
                await receiving.ConfigureAwait(false);
                logger.StreamClientEnded("WebSocket", camera.Id, frames);
            }
        }
    }

    /// <summary>The only reader of the socket: it exists to notice the client's close (and to answer pings).</summary>
    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[256];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, closed.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            await closed.CancelAsync().ConfigureAwait(false);
        }
    }

    private static async Task CloseAsync(WebSocket socket)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(s_closeTimeout);
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
    }
}
