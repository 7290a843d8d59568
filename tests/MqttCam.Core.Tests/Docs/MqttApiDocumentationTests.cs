using MqttCam.Core.Contracts;
using MqttCam.Core.Settings;

namespace MqttCam.Core.Tests.Docs;

/// <summary>docs/mqtt-api.md is the contract users read; it must list every setting exactly as the schema accepts it.</summary>
public sealed class MqttApiDocumentationTests
{
    private static string ReadDoc()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MqttCam.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return File.ReadAllText(Path.Combine(directory.FullName, "docs", "mqtt-api.md"));
    }

    [Fact]
    public void SettingsTable_ListsEverySettingWithItsAllowedValuesAndDefault()
    {
        var doc = ReadDoc();
        var defaults = new CameraSettings();

        foreach (var setting in CameraSettingsSchema.All)
        {
            Assert.Contains($"| `{setting.Name}` | {setting.Description} | {setting.Allowed} | `{setting.FormatValue(defaults)}` | {AppliedBy(setting)} |", doc, StringComparison.Ordinal);
        }
    }

    /// <summary>The "applied by" column, read from the descriptor: the rpicam flag, then the other sources, or the device.</summary>
    private static string AppliedBy(SettingDescriptor setting)
    {
        var parts = new List<string>();
        if (setting.RpicamFlag is { } flag)
        {
            parts.Add($"rpicam `{flag}`");
        }

        foreach (var (target, name) in new[] { (SettingTargets.Ffmpeg, "ffmpeg"), (SettingTargets.TestPattern, "test pattern"), (SettingTargets.Files, "files"), (SettingTargets.Device, "device (every source)") })
        {
            if (setting.AppliesTo(target))
            {
                parts.Add(name);
            }
        }

        return string.Join(", ", parts);
    }

    [Fact]
    public void Commands_EveryCatalogueActionAndArgumentIsDocumented()
    {
        var doc = ReadDoc();
        foreach (var command in DeviceCommands.All)
        {
            Assert.Contains($"`{command.Name}`", doc, StringComparison.Ordinal);
            Assert.All(command.Arguments, argument => Assert.Contains($"`{argument}`", doc, StringComparison.Ordinal));
        }
    }
}
