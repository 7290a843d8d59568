using MqttCam.Mqtt;

namespace MqttCam.Device.Messaging;

/// <summary>
/// Sends each incoming message to the handler of its topic: one route per exact topic, plus prefix routes for a
/// topic family (<c>set/&lt;name&gt;</c>, whose handler gets the rest of the topic). Exact routes win; a topic
/// without a route is ignored. The routes also say what to subscribe to.
/// </summary>
public sealed class TopicRouter
{
    private readonly Dictionary<string, Func<MqttMessage, CancellationToken, Task>> _exact = new(StringComparer.Ordinal);
    private readonly List<(string Prefix, Func<MqttMessage, string, CancellationToken, Task> Handler)> _prefixes = [];
    private readonly List<string> _filters = [];

    /// <summary>The subscription filters, in the order the routes were added.</summary>
    public IReadOnlyList<string> Filters => _filters;

    public TopicRouter Map(string topic, Func<MqttMessage, CancellationToken, Task> handler)
    {
        _exact.Add(topic, handler);
        _filters.Add(topic);
        return this;
    }

    /// <summary>Routes <c>&lt;prefix&gt;/&lt;rest&gt;</c> (rest non-empty) to <paramref name="handler"/>; subscribes to <c>&lt;prefix&gt;/+</c>.</summary>
    public TopicRouter MapLevel(string prefix, Func<MqttMessage, string, CancellationToken, Task> handler)
    {
        _prefixes.Add((prefix + "/", handler));
        _filters.Add(prefix + "/+");
        return this;
    }

    public Task RouteAsync(MqttMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_exact.TryGetValue(message.Topic, out var handler))
        {
            return handler(message, cancellationToken);
        }

        foreach (var (prefix, levelHandler) in _prefixes)
        {
            if (message.Topic.Length > prefix.Length && message.Topic.StartsWith(prefix, StringComparison.Ordinal))
            {
                return levelHandler(message, message.Topic[prefix.Length..], cancellationToken);
            }
        }

        return Task.CompletedTask;
    }
}
