using MqttCam.Core.Settings;

namespace MqttCam.Device.Motion;

/// <summary>
/// The motion settings (motion_sensitivity 1..100, motion_min_area percent 0.1..100, motion_roi, motion_hold
/// seconds) as plain values; the settings owner maps them. Ranges are the contract's and are checked again here.
/// </summary>
public sealed record MotionOptions(int Sensitivity, double MinAreaPercent, RegionOfInterest Roi, TimeSpan Hold)
{
    public static MotionOptions Default { get; } = new(50, 1.0, RegionOfInterest.Full, TimeSpan.FromSeconds(10));

    internal MotionOptions Validate()
    {
        if (Sensitivity is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(Sensitivity), Sensitivity, "motion_sensitivity must be 1..100.");
        }

        if (!(MinAreaPercent is >= 0.1 and <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(MinAreaPercent), MinAreaPercent, "motion_min_area must be 0.1..100 percent.");
        }

        if (!(Roi.X >= 0 && Roi.Y >= 0 && Roi.Width > 0 && Roi.Height > 0 && Roi.X + Roi.Width <= 1.000001 && Roi.Y + Roi.Height <= 1.000001))
        {
            throw new ArgumentOutOfRangeException(nameof(Roi), Roi, "motion_roi must be x,y,w,h inside 0..1 with w and h above 0.");
        }

        if (Hold < TimeSpan.FromSeconds(1) || Hold > TimeSpan.FromSeconds(600))
        {
            throw new ArgumentOutOfRangeException(nameof(Hold), Hold, "motion_hold must be 1..600 seconds.");
        }

        return this;
    }
}
