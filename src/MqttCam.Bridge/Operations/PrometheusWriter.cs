using System.Globalization;
using System.Text;
using MqttCam.Bridge.Cameras;
using MqttCam.Mqtt;

namespace MqttCam.Bridge.Operations;

/// <summary>Renders the counters in the Prometheus text exposition format (version 0.0.4).</summary>
public static class PrometheusWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(BridgeMetrics metrics, CameraRegistry registry, MqttClient client)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(client);
        var text = new StringBuilder(4096);
        var cameras = registry.All.ToList();

        Single(text, "mqttcam_bridge_mqtt_connected", "gauge", "1 when connected to the MQTT broker.", client.IsConnected ? 1 : 0);

        Single(text, "mqttcam_bridge_cameras", "gauge", "Cameras known to the bridge.", cameras.Count);

        Header(text, "mqttcam_bridge_frames_received_total", "counter", "Valid frames received per camera.");
        foreach (var camera in cameras)
        {
            Sample(text, "mqttcam_bridge_frames_received_total", $"camera=\"{camera.Id}\"", camera.FramesIn);
        }

        Header(text, "mqttcam_bridge_frame_bytes_received_total", "counter", "Bytes of valid frames received per camera.");
        foreach (var camera in cameras)
        {
            Sample(text, "mqttcam_bridge_frame_bytes_received_total", $"camera=\"{camera.Id}\"", camera.BytesIn);
        }

        Header(text, "mqttcam_bridge_stream_clients", "gauge", "Stream clients (MJPEG and WebSocket) per camera.");
        foreach (var camera in cameras)
        {
            Sample(text, "mqttcam_bridge_stream_clients", $"camera=\"{camera.Id}\"", camera.SubscriberCount);
        }

        Single(text, "mqttcam_bridge_rejected_payloads_total", "counter", "Image or state payloads rejected as invalid.", metrics.RejectedPayloads);
        Single(text, "mqttcam_bridge_camera_limit_drops_total", "counter", "Messages ignored because Bridge:MaxCameras was reached.", metrics.CameraLimitDrops);
        Single(text, "mqttcam_bridge_cameras_expired_total", "counter", "Camera ids forgotten: idle past Bridge:CameraIdleSeconds, or evicted at Bridge:MaxCameras for a camera that sends frames.", metrics.CamerasExpired);
        Single(text, "mqttcam_bridge_stream_clients_cut_total", "counter", "Stream clients cut because a write made no progress for Bridge:StreamStallSeconds.", metrics.StalledClientsCut);
        Single(text, "mqttcam_bridge_live_fast_path_responses_total", "counter", "live.jpeg responses and MJPEG streams started by the connection-level fast path (also counted per endpoint).", metrics.LiveFastPathResponses);
        Single(text, "mqttcam_bridge_resizes_refused_total", "counter", "Resizes refused because the decode would exceed Bridge:MaxDecodePixels.", metrics.ResizesRefused);

        Header(text, "mqttcam_bridge_bytes_out_total", "counter", "Bytes of frames sent per endpoint.");
        foreach (var endpoint in Enum.GetValues<ServedEndpoint>())
        {
            Sample(text, "mqttcam_bridge_bytes_out_total", Label(endpoint), metrics.BytesOut(endpoint));
        }

        Header(text, "mqttcam_bridge_frames_out_total", "counter", "Frames sent (still responses or stream frames) per endpoint.");
        foreach (var endpoint in Enum.GetValues<ServedEndpoint>())
        {
            Sample(text, "mqttcam_bridge_frames_out_total", Label(endpoint), metrics.Responses(endpoint));
        }

        Header(text, "mqttcam_bridge_clients", "gauge", "Connected stream clients per endpoint.");
        Sample(text, "mqttcam_bridge_clients", Label(ServedEndpoint.Mjpeg), metrics.Clients(ServedEndpoint.Mjpeg));
        Sample(text, "mqttcam_bridge_clients", Label(ServedEndpoint.WebSocket), metrics.Clients(ServedEndpoint.WebSocket));

        Single(text, "mqttcam_bridge_resize_cache_hits_total", "counter", "Resized frames served from the per-frame cache.", cameras.Sum(c => c.ResizedFrames.Hits));
        Single(text, "mqttcam_bridge_resize_cache_misses_total", "counter", "Resized frames that had to be computed.", cameras.Sum(c => c.ResizedFrames.Misses));

        Header(text, "mqttcam_bridge_uploads_total", "counter", "HTTP and TCP uploads by outcome.");
        Sample(text, "mqttcam_bridge_uploads_total", "outcome=\"accepted\"", metrics.UploadsAccepted);
        Sample(text, "mqttcam_bridge_uploads_total", "outcome=\"rejected\"", metrics.UploadsRejected);

        Single(text, "mqttcam_bridge_commands_total", "counter", "Device commands sent.", metrics.CommandsSent);
        Single(text, "mqttcam_bridge_command_timeouts_total", "counter", "Device commands that got no answer in time.", metrics.CommandTimeouts);

        var mqtt = client.Statistics;
        Single(text, "mqttcam_bridge_mqtt_messages_received_total", "counter", "MQTT messages received.", mqtt.MessagesReceived);
        Single(text, "mqttcam_bridge_mqtt_received_dropped_total", "counter", "MQTT messages dropped because the receive queue was full.", mqtt.ReceivedMessagesDropped);
        return text.ToString();
    }

    private static string Label(ServedEndpoint endpoint) => $"endpoint=\"{endpoint.ToString().ToLowerInvariant()}\"";

    /// <summary>A metric with one unlabelled sample: its header and its value.</summary>
    private static void Single(StringBuilder text, string name, string type, string help, long value)
    {
        Header(text, name, type, help);
        Sample(text, name, null, value);
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, string? labels, long value)
    {
        text.Append(name);
        if (labels is not null)
        {
            text.Append('{').Append(labels).Append('}');
        }

        text.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
