using System.Runtime.InteropServices;
using MqttCam.Mqtt.Interop;

namespace MqttCam.Mqtt;

/// <summary>A libmosquitto or broker error. <see cref="ErrorCode"/> is the MOSQ_ERR_* value or the broker's reason code.</summary>
public class MqttException : Exception
{
    public MqttException()
    {
    }

    public MqttException(string message)
        : base(message)
    {
    }

    public MqttException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MqttException(int errorCode, string message)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    public int ErrorCode { get; }

    /// <summary>Builds "context: strerror text (MOSQ_ERR n)", adding the errno text for MOSQ_ERR_ERRNO.</summary>
    internal static MqttException FromErrorCode(int rc, string context, int errno = 0) =>
        new(rc, context + ": " + Describe(rc, errno));

    internal static unsafe string Describe(int rc, int errno = 0)
    {
        string text = Mosquitto.PtrToString(Mosquitto.mosquitto_strerror(rc)) ?? "unknown error";
        if (rc == MosquittoConstants.MOSQ_ERR_ERRNO && errno != 0)
        {
            // mosquitto_strerror(ERRNO) reads the *current* errno, which is gone by now; use the one captured at the call.
            text = Marshal.GetPInvokeErrorMessage(errno);
            return $"{text} (errno {errno})";
        }

        return $"{text} (MOSQ_ERR {rc})";
    }
}
