using MqttCam.Core.Contracts;
using MqttCam.Device.Timelapse;

namespace MqttCam.Device.Commands;

/// <summary><c>timelapse_start</c>: a timelapse on the device's stills under <c>&lt;capture dir&gt;/timelapse</c>, replacing any running one.</summary>
public sealed class TimelapseStartCommand(TimelapseControl timelapse, CaptureFiles files) : IDeviceCommand
{
    public string Name => DeviceCommands.TimelapseStart.Name;

    public Task ExecuteAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!TimelapseRequest.TryParse(context.Arguments, out var request, out var error))
        {
            return context.Refuse(error);
        }

        return context.RunAsync(async () =>
        {
            await timelapse.StartAsync(request, Path.Combine(files.Directory, "timelapse"), context.CancellationToken).ConfigureAwait(false);
            return timelapse.StatusJson();
        });
    }
}
