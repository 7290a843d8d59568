using System.Text;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Publishing;

/// <summary>The availability payloads as bytes, built once.</summary>
public static class AvailabilityBytes
{
    public static ReadOnlyMemory<byte> Online { get; } = Encoding.UTF8.GetBytes(AvailabilityPayload.Online);

    public static ReadOnlyMemory<byte> Offline { get; } = Encoding.UTF8.GetBytes(AvailabilityPayload.Offline);
}
