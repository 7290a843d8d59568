namespace MqttCam.Core.Settings;

/// <summary>The sections a settings form is split into, in the order a form shows them.</summary>
public static class SettingGroups
{
    public const string Image = "Image";
    public const string Exposure = "Exposure";
    public const string WhiteBalance = "White balance";
    public const string Stream = "Stream";
    public const string Motion = "Motion";

    public static IReadOnlyList<string> All { get; } = [Image, Exposure, WhiteBalance, Stream, Motion];
}
