using System.Buffers;
using System.IO.Pipelines;
using MqttCam.Capture.Tests.Support;
using MqttCam.Testing.Media;
using MqttCam.Testing.Time;

namespace MqttCam.Capture.Tests;

public sealed class MjpegFrameSplitterTests
{
    private static readonly byte[][] s_frames =
    [
        TestJpegs.Create(48, 32, seed: 1),
        TestJpegs.CreateWithExifThumbnail(40, 24, seed: 2),
        TestJpegs.WithFillBytesBeforeEnd(TestJpegs.Create(32, 32, seed: 3), fillCount: 3),
    ];

    [Fact]
    public void TryReadFrame_EveryTwoPartSplit_YieldsExactFrames()
    {
        var stream = TestJpegs.Concat(s_frames);
        for (var split = 0; split <= stream.Length; split++)
        {
            var (frames, splitter, _) = Feed([stream[..split], stream[split..]]);
            AssertFramesEqual(s_frames, frames, $"split at {split}");
            Assert.Equal(0, splitter.BytesSkipped);
        }
    }

    [Fact]
    public void TryReadFrame_OneByteChunks_YieldsExactFrames()
    {
        var stream = TestJpegs.Concat(s_frames);
        var (frames, splitter, _) = Feed(stream.Select(b => new[] { b }).ToArray());
        AssertFramesEqual(s_frames, frames, "1-byte chunks");
        Assert.Equal(0, splitter.BytesSkipped);
    }

    [Fact]
    public void TryReadFrame_ExifThumbnail_DoesNotEndFrameEarly()
    {
        var withThumbnail = s_frames[1];
        var (frames, _, _) = Feed([withThumbnail]);
        var frame = Assert.Single(frames);
        Assert.Equal(withThumbnail, frame);

        // The thumbnail really has its own SOI and EOI: a naive splitter would have cut here.
        var firstEoi = withThumbnail.AsSpan().IndexOf(new byte[] { 0xFF, 0xD9 });
        Assert.True(firstEoi + 2 < withThumbnail.Length);
    }

    [Fact]
    public async Task ReadFramesAsync_RandomChunksThroughPipe_YieldsExactFramesWithSequenceAndSize()
    {
        var stream = TestJpegs.Concat([.. s_frames, .. s_frames, .. s_frames]);
        var pipe = new Pipe();
        var random = new Random(42);
        var writer = Task.Run(async () =>
        {
            for (var offset = 0; offset < stream.Length;)
            {
                var size = Math.Min(random.Next(1, 700), stream.Length - offset);
                await pipe.Writer.WriteAsync(stream.AsMemory(offset, size), TestContext.Current.CancellationToken);
                offset += size;
            }

            await pipe.Writer.CompleteAsync();
        }, TestContext.Current.CancellationToken);

        var time = new ManualTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var splitter = new MjpegFrameSplitter(time);
        var received = new List<(byte[] Bytes, long Sequence, int Width, int Height, DateTimeOffset At)>();
        await foreach (var frame in splitter.ReadFramesAsync(pipe.Reader, TestContext.Current.CancellationToken))
        {
            using (frame)
            {
                received.Add((frame.ToArray(), frame.Sequence, frame.Width, frame.Height, frame.CapturedAt));
            }
        }

        await writer;
        Assert.Equal(9, received.Count);
        for (var i = 0; i < received.Count; i++)
        {
            Assert.Equal(s_frames[i % 3], received[i].Bytes);
            Assert.Equal(i + 1, received[i].Sequence);
            Assert.Equal(time.GetUtcNow(), received[i].At);
        }

        Assert.Equal([(48, 32), (40, 24), (32, 32)], received.Take(3).Select(r => (r.Width, r.Height)));
        Assert.Equal(0, splitter.BytesSkipped);
    }

    [Fact]
    public void TryReadFrame_GarbageBetweenFrames_ResyncsAndCountsSkippedBytes()
    {
        var random = new Random(7);
        byte[] Garbage(int length) => Enumerable.Range(0, length).Select(_ => (byte)random.Next(0, 0xFF)).ToArray(); // never 0xFF
        var leading = Garbage(100);
        var middle = Garbage(333);
        var trailing = Garbage(17);
        var stream = TestJpegs.Concat(leading, s_frames[0], middle, s_frames[1], s_frames[2], trailing);

        var (frames, splitter, _) = Feed(Chunks(stream, random));

        AssertFramesEqual(s_frames, frames, "garbage");
        Assert.Equal(leading.Length + middle.Length + trailing.Length, splitter.BytesSkipped);
    }

    [Fact]
    public async Task ReadFramesAsync_GarbageWithMarkerLookalikes_StillRecoversEveryFrame()
    {
        // A broken frame start (SOI then nonsense), a stray SOI+EOI pair that is no image, and a frame cut short.
        byte[] brokenStart = [0xFF, 0xD8, 0x12, 0x34, 0x56];
        byte[] fakeImage = [0xFF, 0xD8, 0xFF, 0xD9];
        var cutFrame = s_frames[0][..200];
        var stream = TestJpegs.Concat(brokenStart, s_frames[0], fakeImage, cutFrame, s_frames[1], s_frames[2]);

        var splitter = new MjpegFrameSplitter(TimeProvider.System);
        var frames = new List<byte[]>();
        await foreach (var frame in splitter.ReadFramesAsync(new MemoryStream(stream), TestContext.Current.CancellationToken))
        {
            frames.Add(frame.ToArray());
            frame.Dispose();
        }

        AssertFramesEqual(s_frames, frames, "look-alikes");
        Assert.Equal(brokenStart.Length + fakeImage.Length + cutFrame.Length, splitter.BytesSkipped);
        Assert.Equal(1, splitter.FramesRejected);
    }

    [Fact]
    public void ReadFrames_Blocking_RecoversTheSameFramesAsTheAsyncReader()
    {
        // The camera's reader thread uses this twin of ReadFramesAsync; same input, same look-alikes, same counts.
        byte[] brokenStart = [0xFF, 0xD8, 0x12, 0x34, 0x56];
        byte[] fakeImage = [0xFF, 0xD8, 0xFF, 0xD9];
        var cutFrame = s_frames[0][..200];
        var stream = TestJpegs.Concat(brokenStart, s_frames[0], fakeImage, s_frames[1], s_frames[2], cutFrame);

        var splitter = new MjpegFrameSplitter(TimeProvider.System);
        var frames = new List<byte[]>();
        var framesAtReadDone = new List<int>();
        splitter.ReadFrames(
            new MemoryStream(stream),
            readBufferSize: 64,
            frame =>
            {
                frames.Add(frame.ToArray());
                frame.Dispose();
            },
            () => framesAtReadDone.Add(frames.Count));

        AssertFramesEqual(s_frames, frames, "blocking reader");
        Assert.Equal(brokenStart.Length + fakeImage.Length + cutFrame.Length, splitter.BytesSkipped);
        Assert.Equal(1, splitter.FramesRejected);
        Assert.Equal(s_frames.Length, framesAtReadDone[^1]);
        Assert.True(framesAtReadDone.Count > 1, "once per drained read and once at the end");
        Assert.Equal(s_frames.Length + 1, splitter.NextSequence);
    }

    [Fact]
    public void TryReadFrame_OversizeFrame_IsRejectedWithBoundedBuffer()
    {
        var small = TestJpegs.Create(32, 32, seed: 10);
        var large = TestJpegs.Create(320, 240, seed: 11, quality: 95);
        const int maxFrameSize = 4096;
        Assert.True(small.Length < maxFrameSize && large.Length > 4 * maxFrameSize, $"test frames: {small.Length} and {large.Length} bytes");
        var stream = TestJpegs.Concat(small, large, small);

        var (frames, splitter, largestKept) = Feed(Chunks(stream, new Random(5), maxChunk: 512), maxFrameSize);

        AssertFramesEqual([small, small], frames, "oversize");
        Assert.Equal(1, splitter.FramesRejected);
        Assert.Equal(large.Length, splitter.BytesSkipped);
        Assert.True(largestKept <= maxFrameSize + 512, $"kept {largestKept} bytes while rejecting a {large.Length}-byte frame");
    }

    [Fact]
    public async Task ReadFramesAsync_TruncatedFinalFrame_IsNotEmitted()
    {
        var last = s_frames[1];
        var stream = TestJpegs.Concat(s_frames[0], last[..(last.Length / 2)]);
        var splitter = new MjpegFrameSplitter(TimeProvider.System);
        var frames = new List<byte[]>();
        await foreach (var frame in splitter.ReadFramesAsync(new MemoryStream(stream), TestContext.Current.CancellationToken))
        {
            frames.Add(frame.ToArray());
            frame.Dispose();
        }

        Assert.Equal([s_frames[0]], frames);
        Assert.Equal(last.Length / 2, splitter.BytesSkipped);
    }

    [Fact]
    public async Task ReadFramesAsync_StructurallyValidButUnreadableFrame_IsRejected()
    {
        // SOI, an APP0 segment and EOI: the markers are fine but there is no image in it.
        byte[] headerless = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xD9];
        var splitter = new MjpegFrameSplitter(TimeProvider.System);
        var frames = new List<byte[]>();
        await foreach (var frame in splitter.ReadFramesAsync(new MemoryStream(TestJpegs.Concat(headerless, s_frames[0])), TestContext.Current.CancellationToken))
        {
            frames.Add(frame.ToArray());
            frame.Dispose();
        }

        Assert.Equal([s_frames[0]], frames);
        Assert.Equal(1, splitter.FramesRejected);
        Assert.Equal(headerless.Length, splitter.BytesSkipped);
        Assert.Equal(2, splitter.NextSequence);
    }

    private static List<byte[]> Chunks(byte[] stream, Random random, int maxChunk = 300)
    {
        var chunks = new List<byte[]>();
        for (var offset = 0; offset < stream.Length;)
        {
            var size = Math.Min(random.Next(1, maxChunk), stream.Length - offset);
            chunks.Add(stream[offset..(offset + size)]);
            offset += size;
        }

        return chunks;
    }

    /// <summary>
    /// Drives <see cref="MjpegFrameSplitter.TryReadFrame"/> the way a PipeReader loop does: chunks arrive one by one,
    /// consumed bytes are released, the rest is handed back as a multi-segment sequence.
    /// </summary>
    private static (List<byte[]> Frames, MjpegFrameSplitter Splitter, long LargestKept) Feed(IReadOnlyList<byte[]> chunks, int maxFrameSize = MjpegFrameSplitter.DefaultMaxFrameSize)
    {
        var splitter = new MjpegFrameSplitter(TimeProvider.System, maxFrameSize);
        var frames = new List<byte[]>();
        var pending = new List<byte[]>();
        long largestKept = 0;
        foreach (var chunk in chunks)
        {
            if (chunk.Length == 0)
            {
                continue;
            }

            pending.Add(chunk);
            var buffer = ChunkedSequence.From(pending);
            var whole = buffer;
            while (splitter.TryReadFrame(ref buffer, out var frame))
            {
                frames.Add(frame.ToArray());
            }

            // Keep only the unconsumed tail, as the pipe would.
            var kept = buffer.ToArray();
            pending.Clear();
            if (kept.Length > 0)
            {
                pending.Add(kept);
            }

            largestKept = Math.Max(largestKept, kept.Length);
            Assert.True(whole.Length >= kept.Length);
        }

        return (frames, splitter, largestKept);
    }

    private static void AssertFramesEqual(byte[][] expected, List<byte[]> actual, string because)
    {
        Assert.True(expected.Length == actual.Count, $"{because}: expected {expected.Length} frames, got {actual.Count}");
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i].AsSpan().SequenceEqual(actual[i]), $"{because}: frame {i} differs ({expected[i].Length} vs {actual[i].Length} bytes)");
        }
    }
}
