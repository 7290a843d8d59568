namespace MqttCam.Mqtt.Routing;

/// <summary>
/// Sends each incoming message to the handler of its topic: one route per exact topic, prefix routes for a topic
/// family (<c>set/&lt;name&gt;</c>, whose handler gets the rest of the topic) and filter routes with <c>+</c>
/// wildcards (<c>mqttcam/+/image</c>, whose handler gets the levels the wildcards matched). Exact routes win, then
/// the others in the order they were added; a topic without a route is ignored. The routes also say what to
/// subscribe to. Used by the device and the bridge alike.
/// </summary>
public sealed class TopicRouter
{
    private readonly Dictionary<string, Func<MqttMessage, CancellationToken, Task>> _exact = new(StringComparer.Ordinal);
    private readonly List<Func<MqttMessage, CancellationToken, Task?>> _patterns = [];
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
        ArgumentNullException.ThrowIfNull(prefix);
        var start = prefix + "/";
        _patterns.Add((message, cancellationToken) =>
            message.Topic.Length > start.Length && message.Topic.StartsWith(start, StringComparison.Ordinal)
                ? handler(message, message.Topic[start.Length..], cancellationToken)
                : null);
        _filters.Add(start + "+");
        return this;
    }

    /// <summary>
    /// Routes the topics an MQTT filter with <c>+</c> wildcards matches (e.g. <c>mqttcam/+/image</c>) to
    /// <paramref name="handler"/>, with the matched levels in order; subscribes to the filter itself.
    /// </summary>
    public TopicRouter MapFilter(string filter, Func<MqttMessage, IReadOnlyList<string>, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var levels = filter.Split('/');
        if (Array.Exists(levels, level => level.Contains('#', StringComparison.Ordinal)))
        {
            throw new ArgumentException("Only + wildcards can be routed: a handler needs to know which levels matched.", nameof(filter));
        }

        _patterns.Add((message, cancellationToken) =>
            TryMatch(levels, message.Topic, out var wildcards) ? handler(message, wildcards, cancellationToken) : null);
        _filters.Add(filter);
        return this;
    }

    public Task RouteAsync(MqttMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_exact.TryGetValue(message.Topic, out var handler))
        {
            return handler(message, cancellationToken);
        }

        foreach (var pattern in _patterns)
        {
            if (pattern(message, cancellationToken) is { } routed)
            {
                return routed;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>MQTT matching for a filter of literal and <c>+</c> levels: same level count, literals equal.</summary>
    private static bool TryMatch(string[] filter, string topic, out IReadOnlyList<string> wildcards)
    {
        List<string>? matched = null;
        wildcards = [];
        var start = 0;
        for (var i = 0; i < filter.Length; i++)
        {
            if (start > topic.Length)
            {
                return false;
            }

            var end = topic.IndexOf('/', start);
            if (end < 0)
            {
                end = topic.Length;
            }

            var level = topic.AsSpan(start, end - start);
            if (filter[i] == "+")
            {
                (matched ??= []).Add(level.ToString());
            }
            else if (!level.SequenceEqual(filter[i]))
            {
                return false;
            }

            start = end + 1;
        }

        if (start != topic.Length + 1)
        {
            return false;
        }

        wildcards = (IReadOnlyList<string>?)matched ?? [];
        return true;
    }
}
