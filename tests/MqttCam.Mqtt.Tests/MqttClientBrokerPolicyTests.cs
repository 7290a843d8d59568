using System.Text;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Processes;
using static MqttCam.Mqtt.Tests.Support.TestClients;

namespace MqttCam.Mqtt.Tests;

/// <summary>Last will on a killed process, refused credentials and TLS, each against its own broker config.</summary>
public sealed class MqttClientBrokerPolicyTests
{
    private readonly string _prefix = MosquittoBrokerFixture.NewTopicPrefix();

    [Fact]
    public async Task LastWill_ClientProcessKilledWithSigkill_BrokerPublishesWill()
    {
        await using MosquittoBroker broker = await MosquittoBroker.StartAsync(cancellationToken: Token);
        string willTopic = _prefix + "status";
        await using MqttClient watcher = await ConnectedAsync(broker);
        await watcher.SubscribeAsync(willTopic, MqttQos.AtLeastOnce, Token);

        await using ChildProcess willClient = StartWillClient(broker, willTopic, "offline");
        await willClient.WaitForOutputLineAsync(line => line.StartsWith("connected", StringComparison.Ordinal), WaitTimeout, Token);
        willClient.Kill();
        await willClient.WaitForExitAsync(WaitTimeout, Token);

        MqttMessage will = await ReceiveAsync(watcher);
        Assert.Equal(willTopic, will.Topic);
        Assert.Equal("offline", Encoding.UTF8.GetString(will.Payload.Span));
    }

    [Fact]
    public async Task DisposeAsync_CleanDisconnect_SendsNoWill()
    {
        await using MosquittoBroker broker = await MosquittoBroker.StartAsync(cancellationToken: Token);
        string willTopic = _prefix + "status";
        string marker = _prefix + "marker";
        await using MqttClient watcher = await ConnectedAsync(broker);
        await watcher.SubscribeAsync(willTopic, MqttQos.AtLeastOnce, Token);
        await watcher.SubscribeAsync(marker, MqttQos.AtLeastOnce, Token);
        MqttClientOptions options = Options(broker);
        options.Will = new MqttLastWill { Topic = willTopic, Payload = Utf8("offline"), Qos = MqttQos.AtLeastOnce };
        var client = new MqttClient(options);
        await client.ConnectAsync(Token).WaitAsync(WaitTimeout, Token);

        await client.DisposeAsync();
        await broker.WaitForOutputAsync(line => line.Contains("Client " + options.ClientId + " disconnected", StringComparison.Ordinal), WaitTimeout, Token);
        await using MqttClient publisher = await ConnectedAsync(broker);
        await publisher.PublishAsync(marker, Utf8("m"), MqttQos.AtLeastOnce, cancellationToken: Token);

        Assert.Equal(marker, (await ReceiveAsync(watcher)).Topic);
    }

    [Fact]
    public async Task ConnectAsync_BadPassword_ThrowsMqttExceptionWithBrokerReason()
    {
        string passwd = ExecutableLocator.Require("mosquitto_passwd", "mosquitto");
        await using MosquittoBroker broker = await MosquittoBroker.StartAsync(
            new MosquittoBrokerOptions
            {
                ConfigTemplate = "listener {port} 127.0.0.1\nallow_anonymous false\npassword_file {dir}/passwd\nuser {user}\n",
                Files = new Dictionary<string, string> { ["passwd"] = string.Empty },
            },
            Token);
        await using (var tool = ChildProcess.Start(passwd, ["-b", Path.Combine(broker.DirectoryPath, "passwd"), "camera", "right"]))
        {
            Assert.Equal(0, await tool.WaitForExitAsync(WaitTimeout, Token));
        }

        await broker.RestartAsync(Token);
        MqttClientOptions bad = Options(broker);
        bad.Username = "camera";
        bad.Password = "wrong";
        await using var refused = new MqttClient(bad);
        var error = await Assert.ThrowsAsync<MqttException>(() => refused.ConnectAsync(Token).WaitAsync(WaitTimeout, Token));
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(0, error.ErrorCode);

        MqttClientOptions good = Options(broker);
        good.Username = "camera";
        good.Password = "right";
        await using var accepted = new MqttClient(good);
        await accepted.ConnectAsync(Token).WaitAsync(WaitTimeout, Token);
        Assert.True(accepted.IsConnected);
    }

    [Fact]
    public async Task Tls_CaGeneratedWithOpenssl_ConnectsAndExchangesMessages()
    {
        string openssl = ExecutableLocator.Require("openssl", "openssl");
        string dir = Directory.CreateTempSubdirectory("mqttcam-tls-").FullName;
        try
        {
            await RunAsync(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Test CA",
                "-keyout", Path.Combine(dir, "ca.key"), "-out", Path.Combine(dir, "ca.crt"));
            await RunAsync(openssl, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                "-keyout", Path.Combine(dir, "server.key"), "-out", Path.Combine(dir, "server.csr"));
            File.WriteAllText(Path.Combine(dir, "san.ext"), "subjectAltName=IP:127.0.0.1\n");
            await RunAsync(openssl, "x509", "-req", "-in", Path.Combine(dir, "server.csr"), "-CA", Path.Combine(dir, "ca.crt"),
                "-CAkey", Path.Combine(dir, "ca.key"), "-CAcreateserial", "-days", "1", "-extfile", Path.Combine(dir, "san.ext"),
                "-out", Path.Combine(dir, "server.crt"));

            await using MosquittoBroker broker = await MosquittoBroker.StartAsync(
                new MosquittoBrokerOptions
                {
                    ConfigTemplate = "listener {port} 127.0.0.1\nallow_anonymous true\nuser {user}\n"
                        + $"cafile {dir}/ca.crt\ncertfile {dir}/server.crt\nkeyfile {dir}/server.key\n",
                },
                Token);
            string topic = _prefix + "tls";
            MqttClientOptions options = Options(broker);
            options.Tls = new MqttTlsOptions { CaFile = Path.Combine(dir, "ca.crt") };
            await using var subscriber = new MqttClient(options);
            await subscriber.ConnectAsync(Token).WaitAsync(WaitTimeout, Token);
            await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce, Token);

            MqttClientOptions untrusted = Options(broker);
            untrusted.Tls = new MqttTlsOptions { CaFile = "/etc/ssl/certs/ca-certificates.crt", AllowUntrustedCertificates = true };
            await using var publisher = new MqttClient(untrusted);
            await publisher.ConnectAsync(Token).WaitAsync(WaitTimeout, Token);
            byte[] payload = RandomBytes(50_000, seed: 8);
            await publisher.PublishAsync(topic, payload, MqttQos.AtLeastOnce, cancellationToken: Token);

            Assert.Equal(payload, (await ReceiveAsync(subscriber)).Payload.ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task RunAsync(string fileName, params string[] arguments)
    {
        await using var process = ChildProcess.Start(fileName, arguments);
        int exitCode = await process.WaitForExitAsync(WaitTimeout, Token);
        Assert.True(exitCode == 0, $"{fileName} failed ({exitCode}):\n{process.GetOutput()}");
    }

    private static ChildProcess StartWillClient(MosquittoBroker broker, string willTopic, string willPayload)
    {
        // Built next to the tests by a ProjectReference (ReferenceOutputAssembly=false) into its own bin folder.
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        string testBin = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        string framework = Path.GetFileName(testBin);
        string testsRoot = Path.GetFullPath(Path.Combine(testBin, "..", "..", "..", ".."));
        string dll = Path.Combine(testsRoot, "MqttCam.Mqtt.WillClient", "bin", configuration, framework, "MqttCam.Mqtt.WillClient.dll");
        Assert.True(File.Exists(dll), $"Will client not built at {dll}");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? ExecutableLocator.Require("dotnet", "dotnet-sdk-10.0");
        return ChildProcess.Start(dotnet, [dll, broker.Host, broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), willTopic, willPayload]);
    }
}
