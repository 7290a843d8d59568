using System.Globalization;
using System.Text;

namespace MqttCam.Bridge.Tests.Support;

/// <summary>A strict multipart/x-mixed-replace parser: boundary line, headers, Content-Length bytes, CRLF, next boundary.</summary>
public sealed class MjpegReader
{
    private readonly Stream _stream;
    private readonly string _boundaryLine;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _boundarySeen;

    public MjpegReader(Stream stream, string boundary)
    {
        _stream = stream;
        _boundaryLine = "--" + boundary;
    }

    public async Task<(Dictionary<string, string> Headers, byte[] Body)> ReadPartAsync(CancellationToken cancellationToken)
    {
        if (!_boundarySeen)
        {
            var first = await ReadLineAsync(cancellationToken);
            Assert.Equal(_boundaryLine, first);
            _boundarySeen = true;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await ReadLineAsync(cancellationToken) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        var length = int.Parse(headers["Content-Length"], CultureInfo.InvariantCulture);
        var body = new byte[length];
        await ReadExactlyAsync(body, cancellationToken);
        Assert.Equal(string.Empty, await ReadLineAsync(cancellationToken));

        // The next boundary follows the part at once (the "advance headers" trick), so it is already readable.
        Assert.Equal(_boundaryLine, await ReadLineAsync(cancellationToken));
        return (headers, body);
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken);
            }

            var b = _buffer[_start++];
            if (b == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)b);
        }
    }

    private async Task ReadExactlyAsync(byte[] destination, CancellationToken cancellationToken)
    {
        var copied = 0;
        while (copied < destination.Length)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken);
            }

            var n = Math.Min(_end - _start, destination.Length - copied);
            Array.Copy(_buffer, _start, destination, copied, n);
            _start += n;
            copied += n;
        }
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer, cancellationToken);
        if (_end == 0)
        {
            throw new EndOfStreamException("The MJPEG stream ended.");
        }
    }
}
