namespace MqttCam.Bridge.Configuration;

/// <summary>The <c>Bridge</c> configuration section (MQTT itself is configured under <c>Mqtt</c>, shared with the device).</summary>
public sealed class BridgeOptions
{
    public const string SectionName = "Bridge";

    /// <summary>Camera served by <c>/live.jpeg</c> and friends; when empty, the only camera known (if exactly one).</summary>
    public string? DefaultCamera { get; set; }

    /// <summary>When set, control endpoints need <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    public string? ApiToken { get; set; }

    /// <summary>With <see cref="ApiToken"/> set, viewing endpoints need the token too (or <c>?token=</c> on GETs).</summary>
    public bool RequireTokenForViewing { get; set; }

    /// <summary>Enables the original live-cam upload (<c>POST /?password=</c>, <c>POST /cameras/{id}/frames</c>).</summary>
    public string? UploadPassword { get; set; }

    /// <summary>Camera id that frames uploaded with <c>POST /?password=</c> and the TCP stream are published as.</summary>
    public string UploadCamera { get; set; } = "upload";

    /// <summary>Port of the classic Pi-camera network stream listener (uint32 little-endian length + JPEG); 0 = off.</summary>
    public int TcpIngestPort { get; set; }

    public string TcpIngestAddress { get; set; } = "0.0.0.0";

    /// <summary>When set, the latest frame of every camera is written to <c>&lt;dir&gt;/&lt;id&gt;.jpeg</c> atomically.</summary>
    public string? MirrorDirectory { get; set; }

    /// <summary>Larger image payloads (MQTT, upload, TCP) are rejected.</summary>
    public int MaxImageBytes { get; set; } = 16 * 1024 * 1024;

    public double CommandTimeoutSeconds { get; set; } = 10;

    /// <summary>A camera whose newest frame is older than this makes <c>/healthz</c> report 503.</summary>
    public double StaleAfterSeconds { get; set; } = 30;

    public int MaxResizeWidth { get; set; } = 4096;

    public int MaxResizeHeight { get; set; } = 4096;

    /// <summary>Distinct resized sizes kept per camera for the current frame; bounds memory and CPU per frame.</summary>
    public int MaxResizedVariants { get; set; } = 8;

    public int ResizeQuality { get; set; } = 80;

    /// <summary>Cameras are learned from traffic; this bounds how many a misbehaving publisher can create.</summary>
    public int MaxCameras { get; set; } = 1024;

    /// <summary>
    /// An id with no frame for this long that is not online (a stray availability or state message) is forgotten;
    /// at <see cref="MaxCameras"/> the longest-idle such id makes room for a camera that sends a frame.
    /// </summary>
    public double CameraIdleSeconds { get; set; } = 600;

    /// <summary>A stream (MJPEG) client whose write makes no progress for this long is disconnected.</summary>
    public double StreamStallSeconds { get; set; } = 20;

    /// <summary>
    /// Pixels one resize may decode. Larger frames are decoded DCT-scaled (1/2, 1/4, 1/8) to fit; a frame that does
    /// not fit even at 1/8 is not resized (live.jpeg still serves it). 3 bytes per pixel: 16 Mpx = 48 MiB.
    /// </summary>
    public long MaxDecodePixels { get; set; } = 16 * 1024 * 1024;

    /// <summary>Upload and TCP-ingest cameras go offline when no frame arrived for this long.</summary>
    public double IngestOfflineAfterSeconds { get; set; } = 30;

    /// <summary>
    /// Length of the watch lease the bridge holds on a camera while it has a stream viewer or served its live.jpeg /
    /// snapshot within this time (MQTT 5 message expiry; renewed at half of it).
    /// </summary>
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>
    /// Plain keep-alive <c>GET|HEAD live.jpeg</c> requests are answered by a connection-level fast path (prebuilt
    /// response head, JPEG sent from the frame's own buffer); anything else goes through Kestrel as before.
    /// </summary>
    public bool LiveFastPath { get; set; } = true;

    /// <summary>
    /// Linux: the fast path sends each frame's JPEG (live.jpeg) and MJPEG part from a sealed memfd with sendfile(2),
    /// without copying it from the bridge's memory into the socket; anything the socket does not take at once, and
    /// any failure to make the file, goes the managed way.
    /// </summary>
    public bool LiveSendfile { get; set; }
}
