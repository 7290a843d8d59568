using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MqttCam.Core.Contracts;
using MqttCam.Mqtt;
using MqttCam.Core.Topics;

namespace MqttCam.Bridge.Tests.Support;

/// <summary>
/// Plays the device's role over real MQTT: publishes frames, availability and state like MqttCam.Device, and can answer
/// commands on both the MQTT 5 response topic (with the correlation data) and the camera's response topic.
/// </summary>
public sealed class FakeDevice : IAsyncDisposable
{
    private readonly MqttClient _client;
    private readonly CancellationTokenSource _stop = new();
    private Task _responder = Task.CompletedTask;

    private FakeDevice(MqttClient client, CameraTopics topics)
    {
        _client = client;
        Topics = topics;
    }

    public CameraTopics Topics { get; }

    public MqttClient Client => _client;

    /// <summary>Every command payload the device received, in order.</summary>
    public List<JsonObject> ReceivedCommands { get; } = [];

    public static async Task<FakeDevice> ConnectAsync(BrokerFixture broker, string prefix, string cameraId)
    {
        var client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = $"fake-{cameraId}-{Guid.NewGuid():N}" });
        await client.ConnectAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        return new FakeDevice(client, new CameraTopics(prefix, cameraId));
    }

    public ValueTask PublishFrameAsync(byte[] jpeg, long sequence, DateTimeOffset? capturedAt = null, string? topic = null) =>
        _client.PublishAsync(topic ?? Topics.Image, jpeg, MqttQos.AtLeastOnce, retain: true, new MqttMessageProperties
        {
            ContentType = FrameUserProperties.ContentType,
            UserProperties =
            [
                new(FrameUserProperties.Sequence, sequence.ToString(CultureInfo.InvariantCulture)),
                new(FrameUserProperties.CapturedAt, (capturedAt ?? TimeProvider.System.GetUtcNow()).ToString("O", CultureInfo.InvariantCulture)),
            ],
        }, TestContext.Current.CancellationToken);

    public ValueTask PublishRawAsync(string topic, byte[] payload, bool retain = true) =>
        _client.PublishAsync(topic, payload, MqttQos.AtLeastOnce, retain, cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Answers every command and settings request with <paramref name="answer"/> (action, request) on both reply paths.</summary>
    public async Task StartResponderAsync(Func<string, JsonObject, CommandResponse> answer)
    {
        await _client.SubscribeAsync(Topics.Command, MqttQos.AtLeastOnce, TestContext.Current.CancellationToken);
        await _client.SubscribeAsync(Topics.Set, MqttQos.AtLeastOnce, TestContext.Current.CancellationToken);
        _responder = Task.Run(async () =>
        {
            await foreach (var message in _client.Messages.ReadAllAsync(_stop.Token))
            {
                if (JsonNode.Parse(message.Payload.Span) is not JsonObject request)
                {
                    continue;
                }

                lock (ReceivedCommands)
                {
                    ReceivedCommands.Add(request);
                }

                var action = message.Topic == Topics.Set ? "set" : request["action"]?.GetValue<string>() ?? "?";
                var response = answer(action, request);
                var transaction = request["transaction"] is { } tx ? JsonSerializer.Deserialize<JsonElement>(tx.ToJsonString()) : (JsonElement?)null;
                var bytes = new CommandResponse { Status = response.Status, Action = action, Data = response.Data, Error = response.Error, Transaction = transaction }.ToUtf8Json();
                if (message.Properties is { ResponseTopic: { } responseTopic } properties)
                {
                    await _client.PublishAsync(responseTopic, bytes, MqttQos.AtLeastOnce, false, new MqttMessageProperties { CorrelationData = properties.CorrelationData }, _stop.Token);
                }

                await _client.PublishAsync(Topics.Response, bytes, MqttQos.AtLeastOnce, false, cancellationToken: _stop.Token);
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _responder;
        }
        catch (OperationCanceledException)
        {
        }

        await _client.DisposeAsync();
        _stop.Dispose();
    }
}
