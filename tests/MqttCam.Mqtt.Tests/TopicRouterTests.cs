using MqttCam.Mqtt.Routing;

namespace MqttCam.Mqtt.Tests;

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

    [Fact]
    public async Task Route_FilterRoutesGetTheWildcardLevels_AndMatchWholeLevelsOnly()
    {
        var seen = new List<string>();
        var router = new TopicRouter()
            .Map("mqttcam/bridge/response", (_, _) => Record(seen, "exact"))
            .MapFilter("mqttcam/+/image", (_, levels, _) => Record(seen, $"image {string.Join(',', levels)}"))
            .MapFilter("mqttcam/+/response/+", (_, levels, _) => Record(seen, $"reply {string.Join(',', levels)}"));

        foreach (var topic in new[]
        {
            "mqttcam/cam1/image", "mqttcam/bridge/response", "mqttcam/cam2/response/me", "mqttcam//image",
            "mqttcam/cam1/image/extra", "mqttcam/cam1/imagex", "mqttcamx/cam1/image", "mqttcam/cam1", "mqttcam/cam1/response/",
        })
        {
            await router.RouteAsync(new MqttMessage { Topic = topic, Payload = ReadOnlyMemory<byte>.Empty }, TestContext.Current.CancellationToken);
        }

        // MQTT semantics: + matches exactly one level, an empty one included.
        Assert.Equal(["image cam1", "exact", "reply cam2,me", "image ", "reply cam1,"], seen);
        Assert.Equal(["mqttcam/bridge/response", "mqttcam/+/image", "mqttcam/+/response/+"], router.Filters);
    }

    [Fact]
    public void MapFilter_MultiLevelWildcard_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new TopicRouter().MapFilter("mqttcam/#", (_, _, _) => Task.CompletedTask));
    }

    private static Task Record(List<string> seen, string entry)
    {
        seen.Add(entry);
        return Task.CompletedTask;
    }
}
