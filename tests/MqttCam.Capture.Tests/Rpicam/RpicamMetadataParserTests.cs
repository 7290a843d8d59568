using System.Text;
using MqttCam.Capture.Rpicam;

namespace MqttCam.Capture.Tests.Rpicam;

public sealed class RpicamMetadataParserTests
{
    // The shape rpicam-apps writes: "[" newline, objects separated by ",\n", values as libcamera prints them
    // (rectangles quoted because they contain '/'), "]" only on a clean exit.
    private const string TwoFrames = """
        [
        {
            "SensorTimestamp": 1000,
            "ExposureTime": 9980,
            "AnalogueGain": 1.123,
            "ScalerCrop": "(0, 0)/4608x2592",
            "ColourGains": [ 1.9, 1.6 ],
            "FrameDuration": 33333,
            "Lux": 312.4
        },
        {
            "SensorTimestamp": 2000,
            "ExposureTime": 30010,
            "AnalogueGain": 3.5,
            "ColourGains": [ 2.1, 1.3 ],
            "Lux": 80.0
        }
        """;

    [Fact]
    public void Feed_WholeStream_ReportsTheNewestFrame()
    {
        var parser = new RpicamMetadataParser();

        parser.Feed(Encoding.UTF8.GetBytes(TwoFrames));

        Assert.Equal(new ExposureReading(30010, 3.5, 2.1, 1.3), parser.Latest);
        Assert.Equal(2, parser.ObjectsParsed);
        Assert.Equal(0, parser.ObjectsRejected);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    public void Feed_AnyChunking_GivesTheSameReadings(int chunkSize)
    {
        var parser = new RpicamMetadataParser();
        var bytes = Encoding.UTF8.GetBytes(TwoFrames);
        var readings = new List<ExposureReading>();

        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            parser.Feed(bytes.AsSpan(offset, Math.Min(chunkSize, bytes.Length - offset)));
            if (parser.Latest is { } reading && (readings.Count == 0 || readings[^1] != reading))
            {
                readings.Add(reading);
            }
        }

        Assert.Equal([new ExposureReading(9980, 1.123, 1.9, 1.6), new ExposureReading(30010, 3.5, 2.1, 1.3)], readings);
    }

    [Fact]
    public void Feed_HalfWrittenObject_IsNotReportedUntilComplete()
    {
        var parser = new RpicamMetadataParser();

        parser.Feed("[\n{\n    \"ExposureTime\": 5000,\n    \"AnalogueGain\": 2"u8);

        Assert.Null(parser.Latest);
        parser.Feed(".0,\n    \"ColourGains\": [ 1.5, 1.2 ]\n}"u8);
        Assert.Equal(new ExposureReading(5000, 2.0, 1.5, 1.2), parser.Latest);
    }

    [Fact]
    public void Reset_DropsAHalfObjectFromAKilledRun_AndTheNextRunParses()
    {
        var parser = new RpicamMetadataParser();
        parser.Feed("[\n{\n    \"ExposureTime\": 5000,\n    \"AnalogueGain\": 2.0,\n    \"ColourGains\": [ 1.5, 1.2 ]\n},\n{\n    \"ExposureTime\": 7"u8);

        parser.Feed([RpicamMetadataParser.ResetMarker]);
        Assert.Null(parser.Latest);
        parser.Feed("[\n{\n    \"ExposureTime\": 8000,\n    \"AnalogueGain\": 1.5,\n    \"ColourGains\": [ 1.1, 1.0 ]\n}"u8);

        Assert.Equal(new ExposureReading(8000, 1.5, 1.1, 1.0), parser.Latest);
        Assert.Equal(0, parser.ObjectsRejected);
    }

    [Fact]
    public void Feed_MalformedOrIncompleteObjects_AreCountedAndSkipped()
    {
        var parser = new RpicamMetadataParser();

        parser.Feed("{\"ExposureTime\": 1000}"u8);
        parser.Feed("{\"ExposureTime\": \"fast\", \"AnalogueGain\": 1.0}"u8);
        parser.Feed("{\"ExposureTime\": 1000, garbage }"u8);
        parser.Feed("{\"ExposureTime\": 4000, \"AnalogueGain\": 1.25, \"Odd\": nan}"u8);

        Assert.Equal(3, parser.ObjectsRejected);
        Assert.Equal(1, parser.ObjectsParsed);
        Assert.Equal(new ExposureReading(4000, 1.25, 0, 0), parser.Latest);
    }

    [Fact]
    public void Feed_ObjectLargerThanTheBuffer_IsDroppedWholeAndParsingContinues()
    {
        var parser = new RpicamMetadataParser(maxObjectSize: 128);

        parser.Feed(Encoding.UTF8.GetBytes("{\"Big\": \"" + new string('x', 500) + "\", \"ExposureTime\": 1, \"AnalogueGain\": 1}"));
        parser.Feed("{\"ExposureTime\": 2500, \"AnalogueGain\": 1.5, \"ColourGains\": [1.0, 2.0]}"u8);

        Assert.Equal(1, parser.ObjectsRejected);
        Assert.Equal(new ExposureReading(2500, 1.5, 1.0, 2.0), parser.Latest);
    }
}
