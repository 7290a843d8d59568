using System.Text;

namespace BridgeBench;

/// <summary>Counts MJPEG parts by their trailing boundary in a byte stream, across read boundaries, without copying frames.</summary>
internal sealed class MjpegCounter
{
    private static readonly byte[] s_trailer = Encoding.ASCII.GetBytes("\r\n--mqttcam-frame\r\n");
    private readonly byte[] _carry = new byte[s_trailer.Length * 2];
    private int _carryLength;

    public long Frames { get; private set; }

    public void Feed(ReadOnlySpan<byte> data)
    {
        // Joins the tail of the previous read with the head of this one so a split trailer is still seen once.
        var headLength = Math.Min(data.Length, s_trailer.Length - 1);
        data[..headLength].CopyTo(_carry.AsSpan(_carryLength));
        var joined = _carry.AsSpan(0, _carryLength + headLength);
        if (_carryLength > 0 && joined.IndexOf(s_trailer) is >= 0)
        {
            Frames++;
        }

        var rest = data;
        while (rest.IndexOf(s_trailer) is var at and >= 0)
        {
            Frames++;
            rest = rest[(at + s_trailer.Length)..];
        }

        var tail = Math.Min(data.Length, s_trailer.Length - 1);
        data[^tail..].CopyTo(_carry);
        _carryLength = tail;
    }
}
