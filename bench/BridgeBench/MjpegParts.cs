using System.Globalization;
using System.Text;

namespace BridgeBench;

/// <summary>Minimal MJPEG part reader for the latency bench: headers, Content-Length body, trailing boundary.</summary>
internal sealed class MjpegParts
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[256 * 1024];
    private int _start;
    private int _end;

    public MjpegParts(Stream stream)
    {
        _stream = stream;
    }

    public async Task<byte[]> ReadBodyAsync(CancellationToken cancellationToken)
    {
        var length = -1;
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line.AsSpan(15).Trim(), CultureInfo.InvariantCulture);
            }
            else if (line.Length == 0 && length >= 0)
            {
                break;
            }
        }

        var body = new byte[length];
        var copied = 0;
        while (copied < length)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken);
            }

            var n = Math.Min(_end - _start, length - copied);
            Array.Copy(_buffer, _start, body, copied, n);
            _start += n;
            copied += n;
        }

        return body;
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

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer, cancellationToken);
        if (_end == 0)
        {
            throw new EndOfStreamException();
        }
    }
}
