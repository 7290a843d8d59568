using System.Text.Json;

namespace MqttCam.Capture.Rpicam;

/// <summary>
/// Reads rpicam-vid's <c>--metadata-format json</c> stream as it arrives: a JSON array written one object per frame
/// (<c>[</c>, then <c>{...}</c>, <c>,{...}</c> and, only on a clean exit, <c>]</c>). Bytes may come in any chunking;
/// objects are found by brace depth (outside strings) and parsed from one reused buffer, so a frame costs no
/// allocation. A malformed object is counted and skipped; one too large for the buffer is dropped whole.
/// </summary>
public sealed class RpicamMetadataParser
{
    /// <summary>Written into the stream by the reader itself between camera runs: drop any half-read object.</summary>
    public const byte ResetMarker = 0x01;

    private const int DefaultMaxObjectSize = 64 * 1024;

    private readonly byte[] _object;
    private readonly Lock _latestLock = new();
    private int _length;
    private int _depth;
    private bool _inString;
    private bool _escaped;
    private bool _overflow;
    private ExposureReading? _latest;
    private long _parsed;
    private long _rejected;

    public RpicamMetadataParser(int maxObjectSize = DefaultMaxObjectSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxObjectSize, 64);
        _object = new byte[maxObjectSize];
    }

    /// <summary>The exposure of the newest complete frame object, or null before the first (and after a reset).</summary>
    public ExposureReading? Latest
    {
        get
        {
            lock (_latestLock)
            {
                return _latest;
            }
        }
    }

    /// <summary>Frame objects that gave an exposure reading.</summary>
    public long ObjectsParsed => Interlocked.Read(ref _parsed);

    /// <summary>Frame objects that were malformed, too large or lacked ExposureTime/AnalogueGain.</summary>
    public long ObjectsRejected => Interlocked.Read(ref _rejected);

    /// <summary>Consumes the next bytes of the stream (any split, even mid-token).</summary>
    public void Feed(ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            if (b == ResetMarker)
            {
                Reset();
                continue;
            }

            if (_depth == 0)
            {
                // Between objects: the array's '[', ',' and ']' and whitespace carry nothing.
                if (b == (byte)'{')
                {
                    _depth = 1;
                    _length = 0;
                    _overflow = false;
                    Append(b);
                }

                continue;
            }

            Append(b);
            if (_inString)
            {
                if (_escaped)
                {
                    _escaped = false;
                }
                else if (b == (byte)'\\')
                {
                    _escaped = true;
                }
                else if (b == (byte)'"')
                {
                    _inString = false;
                }

                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    _inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    _depth++;
                    break;
                case (byte)'}' or (byte)']':
                    if (--_depth == 0)
                    {
                        Complete();
                    }

                    break;
            }
        }
    }

    /// <summary>Forgets any partial object and the last reading (a new camera run starts a new array).</summary>
    public void Reset()
    {
        _depth = 0;
        _length = 0;
        _inString = false;
        _escaped = false;
        _overflow = false;
        lock (_latestLock)
        {
            _latest = null;
        }
    }

    private void Append(byte b)
    {
        if (_length < _object.Length)
        {
            _object[_length++] = b;
        }
        else
        {
            _overflow = true;
        }
    }

    private void Complete()
    {
        if (!_overflow && TryRead(_object.AsSpan(0, _length), out var reading))
        {
            lock (_latestLock)
            {
                _latest = reading;
            }

            Interlocked.Increment(ref _parsed);
        }
        else
        {
            Interlocked.Increment(ref _rejected);
        }

        _length = 0;
    }

    private static bool TryRead(ReadOnlySpan<byte> json, out ExposureReading reading)
    {
        long? shutter = null;
        double? gain = null;
        double red = 0;
        double blue = 0;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = true });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                if (reader.ValueTextEquals("ExposureTime"u8))
                {
                    shutter = reader.Read() && reader.TokenType == JsonTokenType.Number ? (long)Math.Round(reader.GetDouble()) : null;
                }
                else if (reader.ValueTextEquals("AnalogueGain"u8))
                {
                    gain = reader.Read() && reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : null;
                }
                else if (reader.ValueTextEquals("ColourGains"u8)
                    && reader.Read() && reader.TokenType == JsonTokenType.StartArray
                    && reader.Read() && reader.TokenType == JsonTokenType.Number)
                {
                    red = reader.GetDouble();
                    blue = reader.Read() && reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : 0;
                }
            }
        }
        catch (JsonException)
        {
            // rpicam prints libcamera's own value text, which is not always JSON (e.g. "nan"): keep what came before.
        }

        var valid = shutter is > 0 && gain is > 0 && double.IsFinite(gain.Value);
        reading = valid ? new ExposureReading(shutter!.Value, gain!.Value, red, blue) : default;
        return valid;
    }
}
