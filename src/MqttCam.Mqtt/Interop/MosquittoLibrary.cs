using System.Runtime.InteropServices;

namespace MqttCam.Mqtt.Interop;

/// <summary>
/// Calls mosquitto_lib_init exactly once per process (it is not thread-safe); the static constructor gives that guarantee.
/// </summary>
internal static class MosquittoLibrary
{
    static MosquittoLibrary()
    {
        if (!NativeLibrary.TryLoad(Mosquitto.Library, typeof(MosquittoLibrary).Assembly, null, out _))
        {
            throw new DllNotFoundException($"{Mosquitto.Library} could not be loaded: apt-get install libmosquitto1");
        }

        int rc = Mosquitto.mosquitto_lib_init();
        if (rc != MosquittoConstants.MOSQ_ERR_SUCCESS)
        {
            throw new MqttException(rc, "mosquitto_lib_init failed");
        }
    }

    /// <summary>Touching this forces the one-time initialisation.</summary>
    internal static void EnsureInitialized()
    {
    }
}
