using System.Runtime.InteropServices;

namespace MqttCam.Mqtt.Interop;

/// <summary>
/// Raw libmosquitto 2.0 entry points. Names follow mosquitto.h so they grep against the header.
/// The versioned soname is used because the unversioned libmosquitto.so only ships in the -dev package.
/// </summary>
internal static unsafe partial class Mosquitto
{
    internal const string Library = "libmosquitto.so.1";

    [LibraryImport(Library)]
    internal static partial int mosquitto_lib_init();

    [LibraryImport(Library)]
    internal static partial int mosquitto_lib_version(int* major, int* minor, int* revision);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial nint mosquitto_new(string? id, [MarshalAs(UnmanagedType.U1)] bool clean_session, nint obj);

    [LibraryImport(Library)]
    internal static partial void mosquitto_destroy(nint mosq);

    [LibraryImport(Library)]
    internal static partial int mosquitto_threaded_set(SafeMosquittoHandle mosq, [MarshalAs(UnmanagedType.U1)] bool threaded);

    [LibraryImport(Library)]
    internal static partial int mosquitto_int_option(SafeMosquittoHandle mosq, int option, int value);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_username_pw_set(SafeMosquittoHandle mosq, string? username, string? password);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_will_set_v5(SafeMosquittoHandle mosq, string topic, int payloadlen, void* payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain, nint properties);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_tls_set(SafeMosquittoHandle mosq, string? cafile, string? capath, string? certfile, string? keyfile, nint pw_callback);

    [LibraryImport(Library)]
    internal static partial int mosquitto_tls_insecure_set(SafeMosquittoHandle mosq, [MarshalAs(UnmanagedType.U1)] bool value);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_tls_opts_set(SafeMosquittoHandle mosq, int cert_reqs, string? tls_version, string? ciphers);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int mosquitto_connect_async(SafeMosquittoHandle mosq, string host, int port, int keepalive);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int mosquitto_reconnect_async(SafeMosquittoHandle mosq);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int mosquitto_disconnect(SafeMosquittoHandle mosq);

    [LibraryImport(Library)]
    internal static partial int mosquitto_socket(SafeMosquittoHandle mosq);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int mosquitto_loop(SafeMosquittoHandle mosq, int timeout, int max_packets);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int mosquitto_publish_v5(SafeMosquittoHandle mosq, int* mid, string topic, int payloadlen, void* payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain, nint properties);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_subscribe_v5(SafeMosquittoHandle mosq, int* mid, string sub, int qos, int options, nint properties);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_unsubscribe_v5(SafeMosquittoHandle mosq, int* mid, string sub, nint properties);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_pub_topic_check(string topic);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_sub_topic_check(string topic);

    [LibraryImport(Library)]
    internal static partial byte* mosquitto_strerror(int mosq_errno);

    [LibraryImport(Library)]
    internal static partial byte* mosquitto_connack_string(int connack_code);

    [LibraryImport(Library)]
    internal static partial byte* mosquitto_reason_string(int reason_code);

    // Callback registration: the function pointers are static [UnmanagedCallersOnly] methods, so they can never be collected.
    [LibraryImport(Library)]
    internal static partial void mosquitto_connect_v5_callback_set(SafeMosquittoHandle mosq, delegate* unmanaged[Cdecl]<nint, nint, int, int, nint, void> on_connect);

    [LibraryImport(Library)]
    internal static partial void mosquitto_disconnect_v5_callback_set(SafeMosquittoHandle mosq, delegate* unmanaged[Cdecl]<nint, nint, int, nint, void> on_disconnect);

    [LibraryImport(Library)]
    internal static partial void mosquitto_publish_v5_callback_set(SafeMosquittoHandle mosq, delegate* unmanaged[Cdecl]<nint, nint, int, int, nint, void> on_publish);

    [LibraryImport(Library)]
    internal static partial void mosquitto_message_v5_callback_set(SafeMosquittoHandle mosq, delegate* unmanaged[Cdecl]<nint, nint, MosquittoMessage*, nint, void> on_message);

    [LibraryImport(Library)]
    internal static partial void mosquitto_subscribe_v5_callback_set(SafeMosquittoHandle mosq, delegate* unmanaged[Cdecl]<nint, nint, int, int, int*, nint, void> on_subscribe);

    [LibraryImport(Library)]
    internal static partial void mosquitto_unsubscribe_v5_callback_set(SafeMosquittoHandle mosq, delegate* unmanaged[Cdecl]<nint, nint, int, nint, void> on_unsubscribe);

    // MQTT 5 property lists. Reads of strings/binary return malloc'd copies the caller must free().
    [LibraryImport(Library)]
    internal static partial int mosquitto_property_add_int32(nint* proplist, int identifier, uint value);

    [LibraryImport(Library)]
    internal static partial int mosquitto_property_add_binary(nint* proplist, int identifier, void* value, ushort len);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_property_add_string(nint* proplist, int identifier, string value);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_property_add_string_pair(nint* proplist, int identifier, string name, string value);

    // Value already UTF-8 and NUL-terminated (formatted on the stack by MqttPublishProperties: no managed string).
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_property_add_string_pair(nint* proplist, int identifier, string name, byte* value);

    [LibraryImport(Library)]
    internal static partial void mosquitto_property_free_all(nint* properties);

    [LibraryImport(Library)]
    internal static partial int mosquitto_property_identifier(nint property);

    [LibraryImport(Library)]
    internal static partial nint mosquitto_property_next(nint proplist);

    [LibraryImport(Library)]
    internal static partial nint mosquitto_property_read_int32(nint proplist, int identifier, uint* value, [MarshalAs(UnmanagedType.U1)] bool skip_first);

    [LibraryImport(Library)]
    internal static partial nint mosquitto_property_read_binary(nint proplist, int identifier, void** value, ushort* len, [MarshalAs(UnmanagedType.U1)] bool skip_first);

    [LibraryImport(Library)]
    internal static partial nint mosquitto_property_read_string(nint proplist, int identifier, byte** value, [MarshalAs(UnmanagedType.U1)] bool skip_first);

    [LibraryImport(Library)]
    internal static partial nint mosquitto_property_read_string_pair(nint proplist, int identifier, byte** name, byte** value, [MarshalAs(UnmanagedType.U1)] bool skip_first);

    /// <summary>Reads a static C string owned by libmosquitto (strerror tables).</summary>
    internal static string? PtrToString(byte* value) => value is null ? null : Marshal.PtrToStringUTF8((nint)value);
}
