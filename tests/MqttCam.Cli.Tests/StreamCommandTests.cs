using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MqttCam.Core.Framing;
using MqttCam.Cli.Tests.Support;
using MqttCam.Imaging;
using MqttCam.Testing.Media;

namespace MqttCam.Cli.Tests;

public sealed class StreamCommandTests
{
    [Fact]
    public async Task StreamSendsLengthPrefixedJpegsEndedByZero()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var receiving = ReceiveAllAsync(listener);

        var result = await CliRunner.RunAsync("stream", "--to", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--frames", "5", "--source", "TestPattern", "--width", "320");

        Assert.True(result.ExitCode == 0, result.ToString());
        var frames = await receiving.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(5, frames.Count);
        Assert.All(frames, f => Assert.Equal((320, 180), (JpegCodec.ReadInfo(f).Width, JpegCodec.ReadInfo(f).Height)));
        Assert.Contains("sent 5 frames", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableReceiverIsAClearError()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await CliRunner.RunAsync("stream", "--to", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--frames", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot connect to 127.0.0.1", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nohost")]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    public async Task ABadDestinationIsRefused(string to)
    {
        var result = await CliRunner.RunAsync("stream", "--to", to);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--to must be host:port", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheReaderRefusesAnOversizedLengthBeforeAllocating()
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, uint.MaxValue);
        var reader = new LengthPrefixedFrameReader(new MemoryStream(bytes), maxFrameSize: 1024);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadFrameAsync(TestContext.Current.CancellationToken).AsTask());

        Assert.Contains("exceeds the limit of 1024", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheReaderReportsAStreamCutInsideAFrame()
    {
        var bytes = new byte[] { 10, 0, 0, 0, 1, 2, 3 };
        var reader = new LengthPrefixedFrameReader(new MemoryStream(bytes));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadFrameAsync(TestContext.Current.CancellationToken).AsTask());

        Assert.Contains("ended inside a frame", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriterAndReaderRoundTripTheExactBytes()
    {
        var stream = new MemoryStream();
        var writer = new LengthPrefixedFrameWriter(stream);
        byte[][] frames = [TestJpegs.Create(32, 16, 1), TestJpegs.Create(48, 32, 2)];
        foreach (var frame in frames)
        {
            await writer.WriteFrameAsync(frame, TestContext.Current.CancellationToken);
        }

        await writer.CompleteAsync(TestContext.Current.CancellationToken);
        stream.Position = 0;
        var reader = new LengthPrefixedFrameReader(stream);

        Assert.Equal(frames[0], await reader.ReadFrameAsync(TestContext.Current.CancellationToken));
        Assert.Equal(frames[1], await reader.ReadFrameAsync(TestContext.Current.CancellationToken));
        Assert.Null(await reader.ReadFrameAsync(TestContext.Current.CancellationToken));
        Assert.Equal(frames[0].Length + frames[1].Length + 12, stream.Length);
    }

    private static async Task<List<byte[]>> ReceiveAllAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
        var reader = new LengthPrefixedFrameReader(client.GetStream());
        var frames = new List<byte[]>();
        while (await reader.ReadFrameAsync(TestContext.Current.CancellationToken) is { } frame)
        {
            frames.Add(frame);
        }

        return frames;
    }
}
