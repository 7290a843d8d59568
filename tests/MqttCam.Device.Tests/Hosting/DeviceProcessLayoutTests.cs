using System.Reflection;
using MqttCam.Capture;
using MqttCam.Core.Settings;
using MqttCam.Device.Hosting;
using MqttCam.Imaging;
using MqttCam.Media;
using MqttCam.Mqtt;
using MqttCam.Processes;
using MqttCam.Testing.Layout;

namespace MqttCam.Device.Tests.Hosting;

/// <summary>
/// The layout rules of docs/architecture.md for every assembly in the device process, read from their metadata:
/// log event ids unique in the process and written in one style, namespaces that say their assembly, Core a leaf,
/// Capture without the MQTT library.
/// </summary>
public sealed class DeviceProcessLayoutTests
{
    private static readonly Assembly[] s_deviceProcess =
    [
        typeof(DeviceServices).Assembly,
        typeof(FrameSource).Assembly,
        typeof(ProcessGroup).Assembly,
        typeof(Mp4ClipEncoder).Assembly,
        typeof(MqttClient).Assembly,
        typeof(JpegCodec).Assembly,
        typeof(CameraSettings).Assembly,
    ];

    public static TheoryData<string> AssemblyNames() => new(s_deviceProcess.Select(a => a.GetName().Name!));

    [Fact]
    public void EventIds_AreUniqueAcrossEveryAssemblyInTheDeviceProcess()
    {
        var ids = AssemblyLayout.LogEventIds(s_deviceProcess);

        Assert.True(ids.Sum(g => g.Count()) > 40, $"only {ids.Sum(g => g.Count())} log methods found; is the attribute still read?");
        Assert.Empty(AssemblyLayout.LogEventIdClashes(ids));
    }

    [Fact]
    public void EveryLogMethod_IsAnILoggerExtensionInALogClass()
    {
        Assert.Empty(AssemblyLayout.LogMethodsOutOfStyle(s_deviceProcess));
    }

    [Theory]
    [MemberData(nameof(AssemblyNames))]
    public void EveryNamespace_SaysItsAssembly(string assemblyName)
    {
        Assert.Empty(AssemblyLayout.TypesOutsideTheAssemblyNamespace(s_deviceProcess.Single(a => a.GetName().Name == assemblyName)));
    }

    [Fact]
    public void Core_IsALeaf()
    {
        Assert.Empty(AssemblyLayout.ProductReferences(typeof(CameraSettings).Assembly));
    }

    [Fact]
    public void Capture_DoesNotReferenceTheMqttLibrary_NorTheClipEncoder()
    {
        var references = AssemblyLayout.ProductReferences(typeof(FrameSource).Assembly);

        Assert.Contains("MqttCam.Core", references);
        Assert.DoesNotContain("MqttCam.Mqtt", references);
        Assert.DoesNotContain("MqttCam.Media", references);
    }
}
