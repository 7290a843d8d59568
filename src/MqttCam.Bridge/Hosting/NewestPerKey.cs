using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace MqttCam.Bridge.Hosting;

/// <summary>
/// A queue that keeps only the newest value per key, for state the bridge publishes for others (pushed cameras'
/// availability, watch leases): posting a key that is still waiting replaces its value without queueing it again, so
/// the queue never holds more entries than there are keys; a broker outage or a burst of changes costs one entry per
/// camera, never a backlog. Any number of writers, one reader.
/// </summary>
public sealed class NewestPerKey<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _waiting;
    private readonly Channel<TKey> _keys = Channel.CreateUnbounded<TKey>(new UnboundedChannelOptions { SingleReader = true });

    public NewestPerKey(IEqualityComparer<TKey>? comparer = null) => _waiting = new Dictionary<TKey, TValue>(comparer);

    /// <summary>Makes <paramref name="value"/> the one waiting for <paramref name="key"/>; false once completed.</summary>
    public bool Post(TKey key, TValue value)
    {
        lock (_waiting)
        {
            if (_waiting.ContainsKey(key))
            {
                _waiting[key] = value;
                return true;
            }

            if (!_keys.Writer.TryWrite(key))
            {
                return false;
            }

            _waiting[key] = value;
            return true;
        }
    }

    /// <summary>No more posts: the reader ends once it has taken what is waiting.</summary>
    public void Complete() => _keys.Writer.TryComplete();

    /// <summary>Each waiting key with its newest value, in the order the keys first became waiting.</summary>
    public async IAsyncEnumerable<KeyValuePair<TKey, TValue>> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var key in _keys.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            TValue? value;
            bool taken;
            lock (_waiting)
            {
                taken = _waiting.Remove(key, out value);
            }

            if (taken)
            {
                yield return new KeyValuePair<TKey, TValue>(key, value!);
            }
        }
    }

    /// <summary>Takes everything still waiting at once (the reader is gone: hand it over without waiting).</summary>
    public KeyValuePair<TKey, TValue>[] TakeAll()
    {
        lock (_waiting)
        {
            KeyValuePair<TKey, TValue>[] left = [.. _waiting];
            _waiting.Clear();
            return left;
        }
    }
}
