using System.Globalization;
using System.CommandLine;
using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using MqttCam.Cli.Media;
using MqttCam.Cli.Options;
using MqttCam.Cli.Output;
using MqttCam.Core.Framing;

namespace MqttCam.Cli.Commands;

/// <summary>
/// <c>mqttcam stream --to host:port</c>: frames over TCP with the picamera little-endian uint32 length prefix, ended by
/// a zero length, from a camera source or (with <c>--from-mqtt</c>) a running device.
/// </summary>
public static class StreamCommand
{
    public static Command Create(Terminal terminal)
    {
        var source = new SourceOptions();
        var broker = new BrokerOptions();
        var to = new Option<string>("--to") { Description = "Receiver as host:port", Required = true };
        var fromMqtt = new Option<bool>("--from-mqtt") { Description = "Forward the frames a running device publishes" };
        var frames = new Option<long?>("--frames", "-n") { Description = "Stop after this many frames" };
        var seconds = new Option<double?>("--seconds", "-t") { Description = "Stop after this many seconds" };
        var command = new Command("stream", "Send frames to a TCP receiver (uint32 little-endian length + JPEG; 0 ends)") { to, fromMqtt, frames, seconds };
        source.AddTo(command);
        broker.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandGuard.RunAsync(terminal, async () =>
        {
            var (host, port) = ParseEndpoint(parse.GetValue(to)!);
            var maxFrames = parse.GetValue(frames);
            var maxSeconds = parse.GetValue(seconds);
            if (maxFrames is <= 0 || maxSeconds is <= 0)
            {
                throw new ArgumentException("--frames and --seconds must be positive");
            }

            using var tcp = new TcpClient { NoDelay = true };
            try
            {
                await tcp.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                throw new IOException($"cannot connect to {host}:{port}: {ex.Message}", ex);
            }

            var network = tcp.GetStream();
            var writer = new LengthPrefixedFrameWriter(network);
            var clock = Stopwatch.StartNew();
            FrameHandler send = async (jpeg, _, _, token) =>
            {
                await writer.WriteFrameAsync(jpeg, token).ConfigureAwait(false);
                return (maxFrames is null || writer.FramesWritten < maxFrames) && (maxSeconds is null || clock.Elapsed.TotalSeconds < maxSeconds);
            };

            try
            {
                if (parse.GetValue(fromMqtt))
                {
                    await FrameFeed.FromMqttAsync(broker.ReadClient(parse), broker.ReadTopics(parse), broker.ReadTimeout(parse), send, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await FrameFeed.FromSourceAsync(source.ReadCapture(parse), source.ReadSettings(parse), NullLoggerFactory.Instance, broker.ReadTimeout(parse), send, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: still tell the receiver the stream ended.
            }

            await writer.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
            await terminal.Output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"sent {writer.FramesWritten} frames ({writer.BytesWritten} bytes) to {host}:{port} in {clock.Elapsed.TotalSeconds:0.0} s")).ConfigureAwait(false);
            return CommandGuard.Ok;
        }));
        return command;
    }

    /// <exception cref="ArgumentException">Not host:port with a port from 1 to 65535.</exception>
    public static (string Host, int Port) ParseEndpoint(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"--to must be host:port with a port from 1 to 65535 (got '{text}')");
        }

        return (text[..colon].Trim('[', ']'), port);
    }
}
