using MqttCam.Core.Topics;

namespace MqttCam.Core.Tests.Topics;

public sealed class CameraTopicParserTests
{
    [Theory]
    [InlineData("mqttcam/pi1/image", "pi1", CameraTopicKind.Image, null)]
    [InlineData("mqttcam/pi1/snapshot", "pi1", CameraTopicKind.Snapshot, null)]
    [InlineData("mqttcam/pi-1_a/availability", "pi-1_a", CameraTopicKind.Availability, null)]
    [InlineData("mqttcam/pi1/state", "pi1", CameraTopicKind.State, null)]
    [InlineData("mqttcam/pi1/set", "pi1", CameraTopicKind.Set, null)]
    [InlineData("mqttcam/pi1/set/quality", "pi1", CameraTopicKind.SetSetting, "quality")]
    [InlineData("mqttcam/pi1/command", "pi1", CameraTopicKind.Command, null)]
    [InlineData("mqttcam/pi1/response", "pi1", CameraTopicKind.Response, null)]
    [InlineData("mqttcam/pi1/motion", "pi1", CameraTopicKind.Motion, null)]
    [InlineData("mqttcam/pi1/event", "pi1", CameraTopicKind.Event, null)]
    [InlineData("mqttcam/pi1/preview", "pi1", CameraTopicKind.Preview, null)]
    public void TryParse_CameraTopics_AreRecognised(string topic, string id, CameraTopicKind kind, string? setting)
    {
        Assert.True(CameraTopicParser.TryParse("mqttcam", topic, out var match));
        Assert.Equal(new CameraTopicMatch(id, kind, setting), match);
    }

    [Theory]
    [InlineData("mqttcam/pi1")]
    [InlineData("mqttcam/pi1/other")]
    [InlineData("mqttcam/pi.1/image")]
    [InlineData("mqttcam//image")]
    [InlineData("mqttcamx/pi1/image")]
    [InlineData("other/pi1/image")]
    [InlineData("mqttcam/pi1/set/a/b")]
    [InlineData("mqttcam/pi1/set/")]
    [InlineData("mqttcam/pi1/watch")]
    [InlineData("mqttcam/pi1/watch/")]
    [InlineData("mqttcam/pi1/watch/a/b")]
    [InlineData("mqttcam/pi1/watch/has space")]
    [InlineData("mqttcam/pi1/watch/+")]
    [InlineData("mqttcam/pi1/watch/#")]
    [InlineData("mqttcam/pi1/watch/caf\u00e9")]
    [InlineData("mqttcam/pi1/watch/0123456789012345678901234567890123456789012345678901234567890123x")]
    [InlineData("mqttcam/pi1/motion/x")]
    public void TryParse_OtherTopics_AreIgnored(string topic)
    {
        Assert.False(CameraTopicParser.TryParse("mqttcam", topic, out _));
    }

    [Fact]
    public void TryParse_MultiLevelPrefix_Works()
    {
        Assert.True(CameraTopicParser.TryParse("home/cams", "home/cams/garage/image", out var match));
        Assert.Equal("garage", match!.Value.CameraId);
        Assert.Equal("home/cams/+/image", CameraTopicParser.AllCameras("home/cams", "image"));
    }

    [Fact]
    public void CameraTopics_BuildsTheDocumentedContract()
    {
        var topics = new CameraTopics("mqttcam", "pi1");

        Assert.Equal("mqttcam/pi1/image", topics.Image);
        Assert.Equal("mqttcam/pi1/snapshot", topics.Snapshot);
        Assert.Equal("mqttcam/pi1/availability", topics.Availability);
        Assert.Equal("mqttcam/pi1/state", topics.State);
        Assert.Equal("mqttcam/pi1/set", topics.Set);
        Assert.Equal("mqttcam/pi1/set/+", topics.SetSettingFilter);
        Assert.Equal("mqttcam/pi1/set/fps", topics.SetSetting("fps"));
        Assert.Equal("mqttcam/pi1/command", topics.Command);
        Assert.Equal("mqttcam/pi1/response", topics.Response);
        Assert.Equal("mqttcam/pi1/watch/+", topics.WatchFilter);
        Assert.Equal("mqttcam/pi1/watch/bridge-1", topics.Watch("bridge-1"));
        Assert.Equal("mqttcam/pi1/motion", topics.Motion);
        Assert.Equal("mqttcam/pi1/event", topics.Event);
        Assert.Equal("mqttcam/pi1/preview", topics.Preview);
    }

    [Theory]
    [InlineData("bridge-host1")]
    [InlineData("node-red.flow_2")]
    [InlineData("a")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public void TryParse_WatchTopic_NamesTheConsumer(string consumer)
    {
        var topics = new CameraTopics("mqttcam", "pi1");

        Assert.True(CameraTopicParser.TryParse("mqttcam", topics.Watch(consumer), out var match));
        Assert.Equal(new CameraTopicMatch("pi1", CameraTopicKind.Watch, null, consumer), match);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a+")]
    [InlineData("a#")]
    [InlineData("with space")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123x")]
    public void CameraTopics_Watch_InvalidConsumer_Throws(string consumer)
    {
        Assert.False(WatchConsumer.IsValid(consumer));
        Assert.Throws<ArgumentException>(() => new CameraTopics("mqttcam", "pi1").Watch(consumer));
    }

    [Theory]
    [InlineData("mqttcam", "a/b")]
    [InlineData("mqttcam", "")]
    [InlineData("mqttcam/", "pi1")]
    [InlineData("mq+", "pi1")]
    [InlineData("", "pi1")]
    public void CameraTopics_InvalidPrefixOrId_Throws(string prefix, string id)
    {
        Assert.Throws<ArgumentException>(() => new CameraTopics(prefix, id));
    }
}
