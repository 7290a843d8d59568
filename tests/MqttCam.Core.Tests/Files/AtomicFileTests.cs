using MqttCam.Core.Files;

namespace MqttCam.Core.Tests.Files;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mqttcam-atomic-").FullName;

    [Fact]
    public async Task WriteAllBytesAsync_ReplacesContentAndLeavesNoTemporaryFiles()
    {
        var path = Path.Combine(_directory, "sub", "latest.jpg");

        await AtomicFile.WriteAllBytesAsync(path, new byte[] { 1, 2, 3 }, TestContext.Current.CancellationToken);
        await AtomicFile.WriteAllBytesAsync(path, new byte[] { 4, 5 }, TestContext.Current.CancellationToken);

        Assert.Equal(new byte[] { 4, 5 }, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal(["latest.jpg"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
