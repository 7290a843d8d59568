using System.Text;
using MqttCam.Testing.Broker;

namespace MqttCam.Mqtt.Tests.Support;

/// <summary>Helpers shared by the MqttClient tests: connected clients and bounded waits.</summary>
internal static class TestClients
{
    public static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(20);

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public static MqttClientOptions Options(MosquittoBroker broker, MqttProtocolVersion version = MqttProtocolVersion.V5) => new()
    {
        Host = broker.Host,
        Port = broker.Port,
        ProtocolVersion = version,
        ReconnectDelay = TimeSpan.FromMilliseconds(100),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(500),
    };

    public static async Task<MqttClient> ConnectedAsync(MosquittoBroker broker, MqttProtocolVersion version = MqttProtocolVersion.V5)
    {
        var client = new MqttClient(Options(broker, version));
        await client.ConnectAsync(Token).WaitAsync(WaitTimeout, Token);
        return client;
    }

    public static async Task<MqttMessage> ReceiveAsync(MqttClient client)
    {
        return await client.Messages.ReadAsync(Token).AsTask().WaitAsync(WaitTimeout, Token);
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] RandomBytes(int length, int seed)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
