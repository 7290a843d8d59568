using System.Globalization;
using System.Text;
using MqttCam.Mqtt;

// A client that registers a last will, reports "connected" on stdout and then waits to be killed (SIGKILL from the
// test), so the broker sees the connection die without a DISCONNECT and publishes the will.
// Usage: MqttCam.Mqtt.WillClient <host> <port> <will-topic> <will-payload> [v311|v5]
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: MqttCam.Mqtt.WillClient <host> <port> <will-topic> <will-payload> [v311|v5]");
    return 2;
}

var options = new MqttClientOptions
{
    Host = args[0],
    Port = int.Parse(args[1], CultureInfo.InvariantCulture),
    ProtocolVersion = args.Length > 4 && args[4] == "v311" ? MqttProtocolVersion.V311 : MqttProtocolVersion.V5,
    KeepAlive = TimeSpan.FromSeconds(5),
    Will = new MqttLastWill
    {
        Topic = args[2],
        Payload = Encoding.UTF8.GetBytes(args[3]),
        Qos = MqttQos.AtLeastOnce,
    },
};

await using var client = new MqttClient(options);
using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
await client.ConnectAsync(timeout.Token);
Console.WriteLine("connected " + options.ClientId);

// Bounded so an orphaned child (test runner killed) does not live forever.
await Task.Delay(Timeout.InfiniteTimeSpan, timeout.Token).ContinueWith(_ => { }, TaskScheduler.Default);
return 0;
