using MqttCam.Capture;

namespace MqttCam.Device.Feed;

/// <summary>
/// A consumer of every live frame (the MQTT image publisher, capture waiters, the recorder; later motion and
/// preview). <see cref="LiveFeed"/> calls each registered sink in registration order, once per frame, one frame at a
/// time, on the thread that captured the frame (a camera's reader thread: blocking it stalls capture).
/// </summary>
/// <remarks>
/// The frame's buffer is pooled and returned when the next frame arrives: a sink that keeps bytes copies them
/// (<see cref="JpegFrame.ToArray"/>). A sink must not block: slow work goes to its own queue or task. Register a new
/// sink with one line in <c>DeviceServices</c> (<c>services.AddFrameSink&lt;T&gt;()</c>).
/// </remarks>
public interface IFrameSink
{
    void OnFrame(JpegFrame frame);
}
