using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MqttCam.Capture;
using MqttCam.Device.Announcing;
using MqttCam.Device.Commands;
using MqttCam.Device.Configuration;
using MqttCam.Device.Demand;
using MqttCam.Device.Exposure;
using MqttCam.Device.Feed;
using MqttCam.Device.Messaging;
using MqttCam.Device.Motion;
using MqttCam.Device.Persistence;
using MqttCam.Device.Platform;
using MqttCam.Device.Preview;
using MqttCam.Device.Publishing;
using MqttCam.Device.Recording;
using MqttCam.Device.Settings;
using MqttCam.Device.Timelapse;
using MqttCam.Mqtt;
using MqttCam.Core.Settings;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Hosting;

/// <summary>The device's table of contents: every owner, frame sink and command, one line each.</summary>
public static class DeviceServices
{
    public static IServiceCollection AddDevice(this IServiceCollection services, DeviceConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        services.AddSingleton(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new CameraTopics(configuration.Mqtt.TopicPrefix, configuration.Camera.Id));
        services.AddSingleton(new SystemHealth());
        services.AddSingleton(sp => new SettingsStore(configuration.Device.ResolveStateDirectory(), sp.GetRequiredService<ILogger<SettingsStore>>()));
        services.AddSingleton(sp => new MqttClient(
            DeviceMqttOptions.Create(configuration.Mqtt, configuration.Camera.Id),
            sp.GetRequiredService<ILogger<MqttClient>>()));
        services.AddSingleton<Func<CameraSettings, FrameSource>>(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            return settings => FrameSourceFactory.Create(configuration.Capture, settings, loggers, time);
        });

        // Owners.
        services.AddSingleton<BackgroundWork>();
        services.AddSingleton<CurrentSettings>();
        services.AddSingleton<DeviceStatus>();
        services.AddSingleton<FrameStatistics>();
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<SettingsService>();
        services.AddSingleton<StatePublisher>();
        services.AddSingleton<Announcer>();
        services.AddSingleton<ExposureControl>();
        services.AddSingleton<TimelapseControl>();
        services.AddSingleton<CaptureFiles>();
        services.AddSingleton<Replies>();
        services.AddSingleton<CommandTable>();
        services.AddSingleton<DeviceMessages>();

        // Frame sinks, called in this order for every captured frame. The demand decides first (live rate, idle
        // frame, preview); the image publisher asks the gate, which reads that decision.
        services.AddFrameSink<CameraDemand>();
        services.AddSingleton<ILivePublishGate, DemandPublishGate>();
        services.AddFrameSink<StillWaiters>();
        services.AddFrameSink<ClipRecorder>();
        services.AddFrameSink<ImagePublisher>();
        services.AddFrameSink<MotionSink>();
        services.AddFrameSink<PreviewPublisher>();

        // Commands: one class per DeviceCommands name (CommandTable checks the match at start).
        services.AddDeviceCommand<CaptureCommand>();
        services.AddDeviceCommand<RestartCommand>();
        services.AddDeviceCommand<StateCommand>();
        services.AddDeviceCommand<DiscoveryCommand>();
        services.AddDeviceCommand<RemoveDiscoveryCommand>();
        services.AddDeviceCommand<TimelapseStartCommand>();
        services.AddDeviceCommand<TimelapseStopCommand>();
        services.AddDeviceCommand<TimelapseStatusCommand>();
        services.AddDeviceCommand<LockCommand>();
        services.AddDeviceCommand<UnlockCommand>();
        services.AddDeviceCommand<NightCommand>();
        services.AddDeviceCommand<RecordCommand>();

        services.AddHostedService<CameraDevice>();
        return services;
    }

    /// <summary>A frame sink, resolvable by its own type too (commands talk to the sinks they drive).</summary>
    public static IServiceCollection AddFrameSink<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSink>(this IServiceCollection services)
        where TSink : class, IFrameSink
    {
        services.AddSingleton<TSink>();
        services.AddSingleton<IFrameSink>(sp => sp.GetRequiredService<TSink>());
        return services;
    }

    public static IServiceCollection AddDeviceCommand<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TCommand>(this IServiceCollection services)
        where TCommand : class, IDeviceCommand =>
        services.AddSingleton<IDeviceCommand, TCommand>();
}
