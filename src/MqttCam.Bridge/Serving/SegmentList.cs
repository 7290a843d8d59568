namespace MqttCam.Bridge.Serving;

/// <summary>What is left of a gathered send after the first bytes went out another way (a short sendfile).</summary>
internal static class SegmentList
{
    public static ArraySegment<byte>[] Skip(IReadOnlyList<ArraySegment<byte>> segments, int bytes)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var rest = new List<ArraySegment<byte>>(segments.Count);
        foreach (var segment in segments)
        {
            if (bytes >= segment.Count)
            {
                bytes -= segment.Count;
                continue;
            }

            rest.Add(segment[bytes..]);
            bytes = 0;
        }

        return [.. rest];
    }
}
