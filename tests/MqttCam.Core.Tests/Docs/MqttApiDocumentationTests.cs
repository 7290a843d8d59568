using MqttCam.Contracts;
using MqttCam.Settings;

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
            Assert.Contains($"| `{setting.Name}` | {setting.Description} | {setting.Allowed} | `{setting.FormatValue(defaults)}` |", doc, StringComparison.Ordinal);
        }
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
