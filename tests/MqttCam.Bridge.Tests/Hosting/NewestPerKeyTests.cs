using MqttCam.Bridge.Hosting;

namespace MqttCam.Bridge.Tests.Hosting;

public sealed class NewestPerKeyTests
{
    [Fact]
    public async Task PostsToAWaitingKey_ReplaceItsValue_AndTheReaderSeesEachKeyOnce()
    {
        var queue = new NewestPerKey<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(queue.Post(i % 2 == 0 ? "a" : "b", i));
        }

        queue.Post("c", 7);
        queue.Complete();

        var read = new List<KeyValuePair<string, int>>();
        await foreach (var entry in queue.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            read.Add(entry);
        }

        Assert.Equal([new("a", 998), new("b", 999), new("c", 7)], read);
    }

    [Fact]
    public async Task AKeyTakenByTheReader_IsQueuedAgainByTheNextPost()
    {
        var queue = new NewestPerKey<string, int>(StringComparer.Ordinal);
        await using var reader = queue.ReadAllAsync(TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);

        queue.Post("a", 1);
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal(new("a", 1), reader.Current);

        queue.Post("a", 2);
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal(new("a", 2), reader.Current);
    }

    [Fact]
    public async Task TakeAll_HandsOverWhatWaits_AndTheReaderThenSkipsThoseKeys()
    {
        var queue = new NewestPerKey<string, string>(StringComparer.Ordinal);
        queue.Post("cam-1", "online");
        queue.Post("cam-2", "online");
        queue.Post("cam-1", "offline");

        Assert.Equal([new("cam-1", "offline"), new("cam-2", "online")], queue.TakeAll().OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.Empty(queue.TakeAll());

        queue.Complete();
        Assert.False(queue.Post("cam-3", "online"));
        await foreach (var entry in queue.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            Assert.Fail($"taken twice: {entry}");
        }
    }
}
