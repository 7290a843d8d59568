using System.Text;

namespace MqttCam.Mqtt.Internal;

/// <summary>
/// Remembers the last decoded topic: a camera stream repeats the same topic for every frame, so the string is decoded
/// once instead of once per message. Used only on the network thread, so it needs no locking.
/// </summary>
internal sealed class TopicCache
{
    private byte[] _lastBytes = [];
    private string _lastTopic = string.Empty;

    public string GetOrAdd(ReadOnlySpan<byte> utf8Topic)
    {
        if (!utf8Topic.SequenceEqual(_lastBytes))
        {
            _lastTopic = Encoding.UTF8.GetString(utf8Topic);
            _lastBytes = utf8Topic.ToArray();
        }

        return _lastTopic;
    }
}
