using System.Reflection;
using Microsoft.Extensions.Logging;
using MqttCam.Capture;
using MqttCam.Device.Hosting;
using MqttCam.Imaging;
using MqttCam.Media;
using MqttCam.Mqtt;
using MqttCam.Processes;
using MqttCam.Settings;

namespace MqttCam.Device.Tests.Hosting;

/// <summary>Every assembly that logs inside the device process, read for its <c>[LoggerMessage]</c> event ids.</summary>
public sealed class LogEventIdTests
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

    [Fact]
    public void EventIds_AreUniqueAcrossEveryAssemblyInTheDeviceProcess()
    {
        var ids = s_deviceProcess
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.FullName}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToList();

        var duplicates = ids.GroupBy(x => x.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => x.Method))}")
            .ToList();

        Assert.True(ids.Count > 40, $"only {ids.Count} log methods found; is the attribute still read?");
        Assert.Empty(duplicates);
    }
}
