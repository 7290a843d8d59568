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

        Header(text, "mqttcam_bridge_mqtt_connected", "gauge", "1 when connected to the MQTT broker.");
        Sample(text, "mqttcam_bridge_mqtt_connected", null, client.IsConnected ? 1 : 0);

        Header(text, "mqttcam_bridge_cameras", "gauge", "Cameras known to the bridge.");
        Sample(text, "mqttcam_bridge_cameras", null, cameras.Count);

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

        Header(text, "mqttcam_bridge_rejected_payloads_total", "counter", "Image or state payloads rejected as invalid.");
        Sample(text, "mqttcam_bridge_rejected_payloads_total", null, metrics.RejectedPayloads);

        Header(text, "mqttcam_bridge_camera_limit_drops_total", "counter", "Messages ignored because Bridge:MaxCameras was reached.");
        Sample(text, "mqttcam_bridge_camera_limit_drops_total", null, metrics.CameraLimitDrops);
        Header(text, "mqttcam_bridge_cameras_expired_total", "counter", "Camera ids forgotten: idle past Bridge:CameraIdleSeconds, or evicted at Bridge:MaxCameras for a camera that sends frames.");
        Sample(text, "mqttcam_bridge_cameras_expired_total", null, metrics.CamerasExpired);
        Header(text, "mqttcam_bridge_stream_clients_cut_total", "counter", "Stream clients cut because a write made no progress for Bridge:StreamStallSeconds.");
        Sample(text, "mqttcam_bridge_stream_clients_cut_total", null, metrics.StalledClientsCut);
        Header(text, "mqttcam_bridge_live_fast_path_responses_total", "counter", "live.jpeg responses and MJPEG streams started by the connection-level fast path (also counted per endpoint).");
        Sample(text, "mqttcam_bridge_live_fast_path_responses_total", null, metrics.LiveFastPathResponses);
        Header(text, "mqttcam_bridge_resizes_refused_total", "counter", "Resizes refused because the decode would exceed Bridge:MaxDecodePixels.");
        Sample(text, "mqttcam_bridge_resizes_refused_total", null, metrics.ResizesRefused);

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

        Header(text, "mqttcam_bridge_resize_cache_hits_total", "counter", "Resized frames served from the per-frame cache.");
        Sample(text, "mqttcam_bridge_resize_cache_hits_total", null, cameras.Sum(c => c.ResizedFrames.Hits));
        Header(text, "mqttcam_bridge_resize_cache_misses_total", "counter", "Resized frames that had to be computed.");
        Sample(text, "mqttcam_bridge_resize_cache_misses_total", null, cameras.Sum(c => c.ResizedFrames.Misses));

        Header(text, "mqttcam_bridge_uploads_total", "counter", "HTTP and TCP uploads by outcome.");
        Sample(text, "mqttcam_bridge_uploads_total", "outcome=\"accepted\"", metrics.UploadsAccepted);
        Sample(text, "mqttcam_bridge_uploads_total", "outcome=\"rejected\"", metrics.UploadsRejected);

        Header(text, "mqttcam_bridge_commands_total", "counter", "Device commands sent.");
        Sample(text, "mqttcam_bridge_commands_total", null, metrics.CommandsSent);
        Header(text, "mqttcam_bridge_command_timeouts_total", "counter", "Device commands that got no answer in time.");
        Sample(text, "mqttcam_bridge_command_timeouts_total", null, metrics.CommandTimeouts);

        var mqtt = client.Statistics;
        Header(text, "mqttcam_bridge_mqtt_messages_received_total", "counter", "MQTT messages received.");
        Sample(text, "mqttcam_bridge_mqtt_messages_received_total", null, mqtt.MessagesReceived);
        Header(text, "mqttcam_bridge_mqtt_received_dropped_total", "counter", "MQTT messages dropped because the receive queue was full.");
        Sample(text, "mqttcam_bridge_mqtt_received_dropped_total", null, mqtt.ReceivedMessagesDropped);
        return text.ToString();
    }

    private static string Label(ServedEndpoint endpoint) => $"endpoint=\"{endpoint.ToString().ToLowerInvariant()}\"";

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
