using System.Globalization;

namespace MqttCam.Core.Settings;

/// <summary>Manual white balance gains (rpicam <c>--awbgains r,b</c>).</summary>
public readonly record struct ColourGains(double Red, double Blue)
{
    public static ColourGains Automatic { get; } = new(0, 0);

    public bool IsAutomatic => Red == 0 && Blue == 0;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Red:0.###},{Blue:0.###}");
}
