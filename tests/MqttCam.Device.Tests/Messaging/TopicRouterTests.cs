using MqttCam.Device.Messaging;
using MqttCam.Mqtt;

namespace MqttCam.Device.Tests.Messaging;

public sealed class TopicRouterTests
{
    [Fact]
    public async Task Route_ExactTopicsWin_LevelRoutesGetTheRest_OthersAreIgnored()
    {
        var seen = new List<string>();
        var router = new TopicRouter()
            .Map("cam/set", (m, _) => Record(seen, $"patch {m.Topic}"))
            .MapLevel("cam/set", (_, name, _) => Record(seen, $"plain {name}"))
            .Map("cam/command", (_, _) => Record(seen, "command"));

        foreach (var topic in new[] { "cam/set", "cam/set/quality", "cam/command", "cam/set/", "cam/image", "cam/settings" })
        {
            await router.RouteAsync(new MqttMessage { Topic = topic, Payload = ReadOnlyMemory<byte>.Empty }, TestContext.Current.CancellationToken);
        }

        Assert.Equal(["patch cam/set", "plain quality", "command"], seen);
        Assert.Equal(["cam/set", "cam/set/+", "cam/command"], router.Filters);
    }

    private static Task Record(List<string> seen, string entry)
    {
        seen.Add(entry);
        return Task.CompletedTask;
    }
}
