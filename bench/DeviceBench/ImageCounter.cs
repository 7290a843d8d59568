using System.Collections.Concurrent;
using System.Text.Json;
using MqttCam.Mqtt;

namespace DeviceBench;

/// <summary>
/// The end-to-end subscriber: counts the frames each camera's image topic actually delivers, checks each is a whole
/// JPEG (SOI ... EOI), and keeps each camera's latest state message.
/// </summary>
public sealed class ImageCounter : IAsyncDisposable
{
    private readonly MqttClient _client;
    private readonly ConcurrentDictionary<string, CameraCounts> _cameras = new(StringComparer.Ordinal);
    private readonly Task _reader;

    private ImageCounter(MqttClient client)
    {
        _client = client;
        _reader = Task.Run(ReadAsync);
    }

    public static async Task<ImageCounter> StartAsync(string host, int port, string prefix, CancellationToken cancellationToken)
    {
        var client = new MqttClient(new MqttClientOptions { Host = host, Port = port, ClientId = "devbench-subscriber" });
        await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await client.SubscribeAsync($"{prefix}/+/image", MqttQos.AtMostOnce, cancellationToken).ConfigureAwait(false);
        await client.SubscribeAsync($"{prefix}/+/state", MqttQos.AtMostOnce, cancellationToken).ConfigureAwait(false);
        return new ImageCounter(client);
    }

    public CameraCounts For(string cameraId) => _cameras.GetOrAdd(cameraId, _ => new CameraCounts());

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync().ConfigureAwait(false);
        await _reader.ConfigureAwait(false);
    }

    private async Task ReadAsync()
    {
        await foreach (var message in _client.Messages.ReadAllAsync().ConfigureAwait(false))
        {
            var parts = message.Topic.Split('/');
            if (parts.Length < 3)
            {
                continue;
            }

            var camera = For(parts[^2]);
            if (parts[^1] == "image")
            {
                camera.OnImage(message.Payload.Span);
            }
            else if (parts[^1] == "state")
            {
                try
                {
                    using var state = JsonDocument.Parse(message.Payload);
                    camera.OnState(state.RootElement);
                }
                catch (JsonException)
                {
                    camera.OnBadState();
                }
            }
        }
    }
}
