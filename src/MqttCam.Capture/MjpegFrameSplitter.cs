using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace MqttCam.Capture;

/// <summary>
/// Splits a concatenated MJPEG byte stream (a camera process's stdout) into JPEG frames by walking the JPEG marker
/// structure, so SOI/EOI pairs inside EXIF thumbnails or other segments never end a frame early.
/// </summary>
/// <remarks>
/// After SOI every marker segment is skipped by its length; after SOS the entropy-coded data is scanned for
/// <c>FF xx</c> with xx not 00 (stuffing), not D0-D7 (restart) and not FF (fill). That marker is either EOI (frame
/// done) or another table/SOS (progressive JPEGs). Anything that breaks the structure is skipped up to the next SOI
/// and counted in <see cref="BytesSkipped"/>. Parsing is incremental: bytes already examined are never scanned
/// again, and no frame is buffered beyond <see cref="MaxFrameSize"/>.
/// Not thread-safe: one splitter per stream.
/// </remarks>
public sealed class MjpegFrameSplitter
{
    public const int DefaultMaxFrameSize = 16 * 1024 * 1024;

    private const byte MarkerPrefix = 0xFF;
    private const byte StartOfImage = 0xD8;
    private const byte EndOfImage = 0xD9;
    private const byte StartOfScan = 0xDA;

    private readonly TimeProvider _timeProvider;
    private State _state = State.SeekingStart;

    // How far into the current frame (counted from the start of the buffer handed back to the caller) parsing got.
    private long _offset;

    public MjpegFrameSplitter(TimeProvider timeProvider, int maxFrameSize = DefaultMaxFrameSize)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameSize, 4);
        _timeProvider = timeProvider;
        MaxFrameSize = maxFrameSize;
    }

    private enum State
    {
        SeekingStart,
        Marker,
        EntropyData,
    }

    public int MaxFrameSize { get; }

    /// <summary>The sequence number the next emitted frame gets.</summary>
    public long NextSequence { get; set; } = 1;

    /// <summary>Bytes thrown away: garbage between frames, broken or oversize frames, a truncated tail.</summary>
    public long BytesSkipped { get; private set; }

    /// <summary>Frames dropped because they exceeded <see cref="MaxFrameSize"/> or their header was unreadable.</summary>
    public long FramesRejected { get; private set; }

    public const int DefaultReadBufferSize = 64 * 1024;

    public IAsyncEnumerable<JpegFrame> ReadFramesAsync(Stream stream, CancellationToken cancellationToken = default) =>
        ReadFramesAsync(stream, DefaultReadBufferSize, cancellationToken);

    /// <summary>Like <see cref="ReadFramesAsync(PipeReader, CancellationToken)"/>, reading up to <paramref name="readBufferSize"/> bytes per read.</summary>
    public IAsyncEnumerable<JpegFrame> ReadFramesAsync(Stream stream, int readBufferSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(readBufferSize, 1);
        return ReadFramesAsync(PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: readBufferSize, leaveOpen: true)), cancellationToken);
    }

    /// <summary>
    /// Reads frames until the stream ends. Each yielded frame is owned by the caller (dispose it). A frame cut off by
    /// the end of the stream is not emitted.
    /// </summary>
    public async IAsyncEnumerable<JpegFrame> ReadFramesAsync(PipeReader reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (TryReadFrame(ref buffer, out var bytes))
                {
                    var frame = ToFrame(bytes);
                    if (frame is not null)
                    {
                        yield return frame;
                    }
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    BytesSkipped += buffer.Length;
                    reader.AdvanceTo(buffer.End);
                    break;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The blocking twin of <see cref="ReadFramesAsync(Stream, int, CancellationToken)"/>, for a thread of its own:
    /// each fill is one plain read of <paramref name="stream"/>, and every frame goes to <paramref name="onFrame"/>
    /// (which owns it) on the calling thread, so a frame costs no thread hop; <paramref name="onReadDone"/> follows the
    /// frames of each read that drained the stream (returned less than it asked for), and the end of the stream. Returns when the stream ends; ending the writer (killing the camera process) is how a
    /// caller stops it.
    /// </summary>
    public void ReadFrames(Stream stream, int readBufferSize, Action<JpegFrame> onFrame, Action onReadDone)
    {
        ArgumentNullException.ThrowIfNull(onReadDone);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onFrame);
        ArgumentOutOfRangeException.ThrowIfLessThan(readBufferSize, 1);

        // A pipe only as a buffer manager (segments, what is kept between reads), filled and drained on this thread.
        // Never pausing the writer is safe: TryReadFrame rejects a frame before it grows past MaxFrameSize.
        var pipe = new Pipe(new PipeOptions(
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: 0,
            minimumSegmentSize: readBufferSize,
            useSynchronizationContext: false));
        try
        {
            while (true)
            {
                var memory = pipe.Writer.GetMemory(readBufferSize);
                int read = stream.Read(memory.Span);
                if (read == 0)
                {
                    pipe.Writer.Complete();
                }
                else
                {
                    pipe.Writer.Advance(read);
                    var flush = pipe.Writer.FlushAsync();
                    Debug.Assert(flush.IsCompleted, "A writer that never pauses flushes synchronously.");
                    flush.GetAwaiter().GetResult();
                }

                if (!pipe.Reader.TryRead(out var result))
                {
                    continue;
                }

                var buffer = result.Buffer;
                while (TryReadFrame(ref buffer, out var bytes))
                {
                    if (ToFrame(bytes) is { } frame)
                    {
                        onFrame(frame);
                    }
                }

                // A read that filled its buffer may have left more in the pipe: the batch ends once the pipe is drained.
                if (read < memory.Length)
                {
                    onReadDone();
                }

                if (result.IsCompleted)
                {
                    BytesSkipped += buffer.Length;
                    pipe.Reader.AdvanceTo(buffer.End);
                    return;
                }

                pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            pipe.Writer.Complete();
            pipe.Reader.Complete();
        }
    }

    /// <summary>
    /// Looks for the next complete frame. On success <paramref name="frame"/> holds its bytes and
    /// <paramref name="buffer"/> the rest; otherwise <paramref name="buffer"/> is what must be kept for the next call
    /// (everything before it is consumed, everything in it has been examined).
    /// </summary>
    public bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        while (true)
        {
            switch (_state)
            {
                case State.SeekingStart:
                    if (!SeekStart(ref buffer))
                    {
                        return false;
                    }

                    break;

                case State.Marker:
                    var step = ReadMarker(ref buffer);
                    if (step == Step.FrameComplete)
                    {
                        frame = buffer.Slice(0, _offset);
                        buffer = buffer.Slice(_offset);
                        ResetToSeek();
                        return true;
                    }

                    if (step == Step.NeedMoreData)
                    {
                        RejectIfOversize(ref buffer);
                        return false;
                    }

                    break;

                default:
                    if (!ScanEntropyData(buffer))
                    {
                        RejectIfOversize(ref buffer);
                        return false;
                    }

                    break;
            }

            if (_state != State.SeekingStart && RejectIfOversize(ref buffer))
            {
                return false;
            }
        }
    }

    private enum Step
    {
        Continue,
        NeedMoreData,
        FrameComplete,
    }

    private JpegFrame? ToFrame(ReadOnlySequence<byte> bytes)
    {
        var length = (int)bytes.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        bytes.CopyTo(rented);
        if (!JpegFrame.TryAdopt(rented, length, NextSequence, _timeProvider.GetUtcNow(), out var frame))
        {
            FramesRejected++;
            BytesSkipped += length;
            return null;
        }

        NextSequence++;
        return frame;
    }

    private bool SeekStart(ref ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (reader.TryAdvanceTo(MarkerPrefix, advancePastDelimiter: false))
        {
            if (!reader.TryPeek(1, out var next))
            {
                // A lone FF at the end may be the first half of an SOI: keep it, skip what came before.
                BytesSkipped += reader.Consumed;
                buffer = buffer.Slice(reader.Position);
                return false;
            }

            if (next == StartOfImage)
            {
                BytesSkipped += reader.Consumed;
                buffer = buffer.Slice(reader.Position);
                _offset = 2;
                _state = State.Marker;
                return true;
            }

            reader.Advance(1);
        }

        // No FF anywhere (TryAdvanceTo does not move when it finds nothing): all of it is garbage.
        BytesSkipped += buffer.Length;
        buffer = buffer.Slice(buffer.End);
        return false;
    }

    private Step ReadMarker(ref ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (reader.Remaining < _offset + 2)
        {
            return Step.NeedMoreData;
        }

        reader.Advance(_offset);
        reader.TryRead(out var prefix);
        reader.TryRead(out var marker);
        if (prefix != MarkerPrefix)
        {
            Resync(ref buffer);
            return Step.Continue;
        }

        switch (marker)
        {
            case MarkerPrefix:
                // Fill byte: the marker proper starts one byte later.
                _offset++;
                return Step.Continue;
            case EndOfImage:
                _offset += 2;
                return Step.FrameComplete;
            case StartOfImage:
                // A new image began before this one ended: what came before was a broken frame.
                BytesSkipped += _offset;
                buffer = buffer.Slice(_offset);
                _offset = 2;
                return Step.Continue;
            case 0x01 or (>= 0xD0 and <= 0xD7):
                _offset += 2;
                return Step.Continue;
            case 0x00:
                Resync(ref buffer);
                return Step.Continue;
        }

        Span<byte> lengthBytes = stackalloc byte[2];
        if (!reader.TryCopyTo(lengthBytes))
        {
            return Step.NeedMoreData;
        }

        var segmentLength = BinaryPrimitives.ReadUInt16BigEndian(lengthBytes);
        if (segmentLength < 2)
        {
            Resync(ref buffer);
            return Step.Continue;
        }

        _offset += 2 + segmentLength;
        if (marker == StartOfScan)
        {
            _state = State.EntropyData;
        }

        return Step.Continue;
    }

    /// <summary>Returns true when the next marker was found (state is back to <see cref="State.Marker"/>).</summary>
    private bool ScanEntropyData(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length <= _offset)
        {
            return false;
        }

        var reader = new SequenceReader<byte>(buffer);
        reader.Advance(_offset);
        while (reader.TryAdvanceTo(MarkerPrefix, advancePastDelimiter: false))
        {
            if (!reader.TryPeek(1, out var next))
            {
                _offset = reader.Consumed;
                return false;
            }

            if (next == 0x00 || next is >= 0xD0 and <= 0xD7)
            {
                reader.Advance(2);
                continue;
            }

            if (next == MarkerPrefix)
            {
                reader.Advance(1);
                continue;
            }

            _offset = reader.Consumed;
            _state = State.Marker;
            return true;
        }

        _offset = buffer.Length;
        return false;
    }

    private bool RejectIfOversize(ref ReadOnlySequence<byte> buffer)
    {
        // _offset never trails the bytes examined, so it alone says how big the unfinished frame already is.
        if (_state == State.SeekingStart || _offset <= MaxFrameSize)
        {
            return false;
        }

        // Drop what is buffered now so memory stays bounded; the rest of the frame is skipped while seeking the next SOI.
        var skipped = Math.Min(_offset, buffer.Length);
        FramesRejected++;
        BytesSkipped += skipped;
        buffer = buffer.Slice(skipped);
        ResetToSeek();
        return true;
    }

    private void Resync(ref ReadOnlySequence<byte> buffer)
    {
        // The frame start was not a real image: skip its first byte and look for the next SOI.
        BytesSkipped++;
        buffer = buffer.Slice(1);
        ResetToSeek();
    }

    private void ResetToSeek()
    {
        _state = State.SeekingStart;
        _offset = 0;
    }
}
