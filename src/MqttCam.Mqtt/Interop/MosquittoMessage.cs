using System.Runtime.InteropServices;

namespace MqttCam.Mqtt.Interop;

/// <summary>struct mosquitto_message (x64: 40 bytes; retain is a 1-byte C bool).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MosquittoMessage
{
    public int mid;
    public byte* topic;
    public void* payload;
    public int payloadlen;
    public int qos;
    public byte retain;
}
