using System.Reflection;
using MqttCam.Bridge.Cameras;
using MqttCam.Cli;
using MqttCam.Core.Settings;
using MqttCam.Imaging;
using MqttCam.Mqtt;
using MqttCam.Testing.Layout;

namespace MqttCam.Bridge.Tests.Hosting;

/// <summary>Log event ids unique in the bridge process, and namespaces that say their assembly (bridge and CLI).</summary>
public sealed class BridgeLayoutTests
{
    private static readonly Assembly[] s_bridgeProcess =
    [
        typeof(CameraRegistry).Assembly,
        typeof(MqttClient).Assembly,
        typeof(JpegCodec).Assembly,
        typeof(CameraSettings).Assembly,
    ];

    [Fact]
    public void EventIds_AreUniqueAcrossEveryAssemblyInTheBridgeProcess()
    {
        var ids = AssemblyLayout.LogEventIds(s_bridgeProcess);

        Assert.True(ids.Sum(g => g.Count()) > 30, $"only {ids.Sum(g => g.Count())} log methods found; is the attribute still read?");
        Assert.Empty(AssemblyLayout.LogEventIdClashes(ids));
    }

    [Fact]
    public void EveryLogMethod_IsAnILoggerExtensionInALogClass()
    {
        Assert.Empty(AssemblyLayout.LogMethodsOutOfStyle(s_bridgeProcess));
    }

    [Fact]
    public void BridgeNamespaces_SayTheirAssembly()
    {
        Assert.Empty(AssemblyLayout.TypesOutsideTheAssemblyNamespace(typeof(CameraRegistry).Assembly));
    }

    [Fact]
    public void CliNamespaces_SayTheirProject()
    {
        // The CLI's assembly is named for its users ("mqttcam"); its project, and so its namespaces, MqttCam.Cli.
        Assert.Empty(AssemblyLayout.TypesOutsideTheAssemblyNamespace(typeof(CliApplication).Assembly, "MqttCam.Cli"));
    }
}
