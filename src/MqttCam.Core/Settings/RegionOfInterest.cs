using System.Globalization;

namespace MqttCam.Core.Settings;

/// <summary>Digital zoom as a normalised rectangle (rpicam <c>--roi x,y,w,h</c>).</summary>
public readonly record struct RegionOfInterest(double X, double Y, double Width, double Height)
{
    public static RegionOfInterest Full { get; } = new(0, 0, 1, 1);

    public bool IsFull => this == Full;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{X:0.####},{Y:0.####},{Width:0.####},{Height:0.####}");
}
