namespace MqttCam.Imaging.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task ManyThreads_EncodeDecodeResize_GiveSameBytesAsSingleThread()
    {
        CancellationToken cancellation = TestContext.Current.CancellationToken;
        // Different sizes per worker so a shared handle or shared buffer would mix images up.
        var cases = Enumerable.Range(0, 8).Select(i =>
        {
            RawImage image = TestImages.CameraLike(160 + (i * 24), 120 + (i * 16), seed: i);
            byte[] jpeg = JpegCodec.Encode(image, 80);
            return (Image: image, Jpeg: jpeg, Decoded: JpegCodec.Decode(jpeg).Pixels, Quarter: JpegCodec.Decode(jpeg, JpegScale.Quarter).Pixels, Resized: JpegResizer.Resize(jpeg, 101, 57));
        }).ToArray();

        Task[] workers = cases.Select(c => Task.Factory.StartNew(
            () =>
            {
                for (int round = 0; round < 15; round++)
                {
                    Assert.Equal(c.Jpeg, JpegCodec.Encode(c.Image, 80));
                    Assert.Equal(c.Decoded, JpegCodec.Decode(c.Jpeg).Pixels);
                    Assert.Equal(c.Quarter, JpegCodec.Decode(c.Jpeg, JpegScale.Quarter).Pixels);
                    Assert.Equal(c.Resized, JpegResizer.Resize(c.Jpeg, 101, 57));
                    Assert.Throws<JpegException>(() => JpegCodec.Decode(c.Jpeg.AsSpan(0, c.Jpeg.Length / 2)));
                }
            },
            cancellation,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(2), cancellation);
    }
}
