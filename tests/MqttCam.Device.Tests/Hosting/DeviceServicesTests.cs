using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MqttCam.Core.Contracts;
using MqttCam.Device.Commands;
using MqttCam.Device.Configuration;
using MqttCam.Device.Feed;
using MqttCam.Device.Hosting;

namespace MqttCam.Device.Tests.Hosting;

/// <summary>The device's wiring, resolved the way the host resolves it (no broker needed: nothing connects).</summary>
public sealed class DeviceServicesTests : IDisposable
{
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("mqttcam-services-");

    [Fact]
    public async Task AddDevice_ResolvesTheHost_WithOneCommandPerCatalogueName_AndTheSinksInDecisionOrder()
    {
        var configuration = DeviceConfiguration.Load(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Device:StateDirectory"] = _state.FullName }).Build(),
            out var errors);
        Assert.Empty(errors);
        await using var services = new ServiceCollection().AddLogging().AddDevice(configuration).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var hosts = services.GetServices<IHostedService>().ToList();
        var commands = services.GetServices<IDeviceCommand>().Select(c => c.Name).Order(StringComparer.Ordinal);
        var sinks = services.GetServices<IFrameSink>().Select(s => s.GetType()).ToList();

        Assert.IsType<CameraDevice>(Assert.Single(hosts));
        Assert.NotNull(services.GetRequiredService<CommandTable>());
        Assert.Equal(DeviceCommands.Names.Order(StringComparer.Ordinal), commands);
        // The demand decides first: the image gate and the preview read its decision for the same frame.
        Assert.Equal(
            [typeof(MqttCam.Device.Demand.CameraDemand), typeof(StillWaiters), typeof(Recording.ClipRecorder), typeof(ImagePublisher), typeof(MqttCam.Device.Motion.MotionSink), typeof(MqttCam.Device.Preview.PreviewPublisher)],
            sinks);
        Assert.IsType<MqttCam.Device.Demand.DemandPublishGate>(services.GetRequiredService<ILivePublishGate>());
    }

    public void Dispose() => _state.Delete(recursive: true);
}
