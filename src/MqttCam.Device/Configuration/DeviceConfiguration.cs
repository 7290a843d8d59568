using Microsoft.Extensions.Configuration;
using MqttCam.Core.Cameras;
using MqttCam.Capture;
using MqttCam.Core.Configuration;
using MqttCam.Core.Files;
using MqttCam.Mqtt.Configuration;
using MqttCam.Core.Settings;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Configuration;

/// <summary>
/// Everything the device reads from configuration, bound and checked in one place before anything starts, so a bad
/// file or flag stops start-up with one message per bad key instead of failing later in the field.
/// </summary>
public sealed class DeviceConfiguration
{
    // Only Load makes one, after every check has passed.
    private DeviceConfiguration()
    {
    }

    public required MqttOptions Mqtt { get; init; }

    public required CameraOptions Camera { get; init; }

    public required CaptureOptions Capture { get; init; }

    public required DeviceOptions Device { get; init; }

    public required HomeAssistantOptions HomeAssistant { get; init; }

    /// <summary>Defaults overlaid with <c>Camera:Width/Height/Fps/Quality/Live</c>; settings saved on disk are applied later.</summary>
    public required CameraSettings InitialSettings { get; init; }

    public static DeviceConfiguration Load(IConfiguration configuration, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var mqtt = new MqttOptions();
        var camera = new CameraOptions();
        var capture = new CaptureOptions();
        var device = new DeviceOptions();
        var homeAssistant = new HomeAssistantOptions();
        Bind(MqttOptions.SectionName, problems, () => configuration.GetSection(MqttOptions.SectionName).Bind(mqtt));
        Bind(CameraOptions.SectionName, problems, () => configuration.GetSection(CameraOptions.SectionName).Bind(camera));
        Bind(CaptureOptions.SectionName, problems, () => configuration.GetSection(CaptureOptions.SectionName).Bind(capture));
        Bind(DeviceOptions.SectionName, problems, () => configuration.GetSection(DeviceOptions.SectionName).Bind(device));
        Bind(HomeAssistantOptions.SectionName, problems, () => configuration.GetSection(HomeAssistantOptions.SectionName).Bind(homeAssistant));

        problems.AddRange(MqttOptionsValidation.Validate(mqtt, TopicPrefix.IsValid));

        if (!CameraId.IsValid(camera.Id))
        {
            problems.Add($"Camera:Id: must be {CameraId.AllowedDescription} (got '{camera.Id}')");
        }

        var settings = new CameraSettings();
        foreach (var (key, setting, value) in new (string, string, string)[]
        {
            ("Width", "width", Invariant(camera.Width)),
            ("Height", "height", Invariant(camera.Height)),
            ("Fps", "fps", Invariant(camera.Fps)),
            ("Quality", "quality", Invariant(camera.Quality)),
            ("Live", "live", camera.Live),
        })
        {
            var result = CameraSettingsSchema.ApplyText(settings, setting, value);
            if (result.IsSuccess)
            {
                settings = result.Settings;
            }
            else
            {
                // The schema's message names the setting; here the user needs the configuration key.
                problems.Add($"Camera:{key}: {result.Errors[0][(setting.Length + 2)..]}");
            }
        }

        problems.AddRange(capture.Validate());

        if (!FileNamePattern.TryParse(device.CaptureFileName, out _, out var patternError))
        {
            problems.Add($"Device:CaptureFileName: {patternError}");
        }

        ConfigurationRange.Check(problems, "Device:StateIntervalSeconds", device.StateIntervalSeconds, 1, 3600);
        ConfigurationRange.Check(problems, "Device:CaptureTimeoutSeconds", device.CaptureTimeoutSeconds, 1, 3600);
        ConfigurationRange.Check(problems, "Device:WatchLeaseSeconds", device.WatchLeaseSeconds, 1, 3600);

        problems.AddRange(homeAssistant.Validate());

        errors = problems;
        return new DeviceConfiguration
        {
            Mqtt = mqtt,
            Camera = camera,
            Capture = capture,
            Device = device,
            HomeAssistant = homeAssistant,
            InitialSettings = settings,
        };
    }

    private static void Bind(string section, List<string> problems, Action bind)
    {
        try
        {
            bind();
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the value it could not convert (e.g. Camera:Source = "webcam").
            problems.Add($"{section}: {ex.Message}");
        }
    }

    private static string Invariant(IFormattable value) => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
}
