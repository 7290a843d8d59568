using System.Text;

namespace MqttCam.Bridge.Tests.Support;

/// <summary>
/// A strict multipart/x-mixed-replace parser for the bridge's stream: boundary line, headers, blank line, JPEG up to
/// "\r\n--boundary". A part is returned only once the NEXT part's headers are complete in the stream, which is what
/// Chromium needs to render it: a stream that does not send them at once makes <see cref="ReadPartAsync"/> hang.
/// </summary>
public sealed class MjpegReader
{
    private readonly Stream _stream;
    private readonly byte[] _delimiter;
    private readonly string _boundaryLine;
    private readonly List<byte> _pending = [];
    private readonly byte[] _chunk = new byte[64 * 1024];
    private Dictionary<string, string>? _nextHeaders;

    public MjpegReader(Stream stream, string boundary)
    {
        _stream = stream;
        _boundaryLine = "--" + boundary;
        _delimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary + "\r\n");
    }

    public async Task<(Dictionary<string, string> Headers, byte[] Body)> ReadPartAsync(CancellationToken cancellationToken)
    {
        if (_nextHeaders is null)
        {
            Assert.Equal(_boundaryLine, await ReadLineAsync(cancellationToken));
            _nextHeaders = await ReadHeadersAsync(cancellationToken);
        }

        var headers = _nextHeaders;
        int end;
        while ((end = IndexOf(_pending, _delimiter)) < 0)
        {
            await FillAsync(cancellationToken);
        }

        var body = _pending.GetRange(0, end).ToArray();
        _pending.RemoveRange(0, end + _delimiter.Length);
        _nextHeaders = await ReadHeadersAsync(cancellationToken);
        return (headers, body);
    }

    private async Task<Dictionary<string, string>> ReadHeadersAsync(CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await ReadLineAsync(cancellationToken) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        return headers;
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        int newline;
        while ((newline = _pending.IndexOf((byte)'\n')) < 0)
        {
            await FillAsync(cancellationToken);
        }

        var line = Encoding.ASCII.GetString(_pending.GetRange(0, newline).ToArray()).TrimEnd('\r');
        _pending.RemoveRange(0, newline + 1);
        return line;
    }

    private static int IndexOf(List<byte> haystack, byte[] needle)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(haystack);
        return span.IndexOf(needle);
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        var read = await _stream.ReadAsync(_chunk, cancellationToken);
        if (read == 0)
        {
            throw new EndOfStreamException("The MJPEG stream ended.");
        }

        _pending.AddRange(_chunk.AsSpan(0, read));
    }
}
