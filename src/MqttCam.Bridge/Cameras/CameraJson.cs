using System.Text.Json.Nodes;

namespace MqttCam.Bridge.Cameras;

/// <summary>The JSON shape of a camera in <c>/api/cameras</c> (snake_case, like the MQTT contract).</summary>
internal static class CameraJson
{
    /// <summary>One camera; <paramref name="pushed"/>: frames come from this bridge's upload or TCP ingest (no device to command).</summary>
    public static JsonObject Describe(CameraHub camera, DateTimeOffset now, bool pushed) => new()
    {
        ["id"] = camera.Id,
        ["availability"] = camera.Availability,
        ["pushed"] = pushed,
        ["frame"] = DescribeFrame(camera.Latest, now),
        ["snapshot"] = DescribeFrame(camera.Snapshot, now),
        ["frames_received"] = camera.FramesIn,
        ["stream_clients"] = camera.SubscriberCount,
        ["state"] = camera.State?.DeepClone(),
        ["urls"] = new JsonObject
        {
            ["live"] = $"/cameras/{camera.Id}/live.jpeg",
            ["snapshot"] = $"/cameras/{camera.Id}/snapshot.jpeg",
            ["mjpeg"] = $"/cameras/{camera.Id}/stream.mjpeg",
            ["websocket"] = $"/cameras/{camera.Id}/ws",
            ["capture"] = $"/cameras/{camera.Id}/capture",
            ["settings"] = $"/cameras/{camera.Id}/settings",
            ["commands"] = $"/cameras/{camera.Id}/commands/{{action}}",
            ["timelapse"] = $"/cameras/{camera.Id}/timelapse",
            ["resized"] = $"/cameras/{camera.Id}/live{{width}}x{{height}}.jpeg",
        },
    };

    private static JsonObject? DescribeFrame(Frame? frame, DateTimeOffset now) => frame is null ? null : new JsonObject
    {
        ["sequence"] = frame.Sequence,
        ["captured_at"] = frame.CapturedAtText,
        ["received_at"] = frame.ReceivedAt,
        ["age_ms"] = (long)frame.AgeAt(now).TotalMilliseconds,
        ["clock_skew_ms"] = (long)frame.ClockSkew.TotalMilliseconds,
        ["width"] = frame.Width,
        ["height"] = frame.Height,
        ["bytes"] = frame.Jpeg.Length,
    };
}
