using System.CommandLine;
using MqttCam.Mqtt;
using MqttCam.Mqtt.Configuration;
using MqttCam.Core.Topics;

namespace MqttCam.Cli.Options;

/// <summary>How to reach a running device: broker address, credentials, topic prefix and camera id.</summary>
public sealed class BrokerOptions
{
    public Option<string> Host { get; } = new("--host") { Description = "MQTT broker host", DefaultValueFactory = _ => "localhost" };

    public Option<int> Port { get; } = new("--port") { Description = "MQTT broker port", DefaultValueFactory = _ => 1883 };

    public Option<string?> Username { get; } = new("--username") { Description = "MQTT user name" };

    public Option<string?> Password { get; } = new("--password") { Description = "MQTT password (prefer MQTTCAM_PASSWORD in the environment)" };

    public Option<string> Prefix { get; } = new("--prefix") { Description = "Topic prefix", DefaultValueFactory = _ => TopicPrefix.Default };

    public Option<string> Camera { get; } = new("--camera", "-c") { Description = "Camera id", DefaultValueFactory = _ => "camera" };

    public Option<double> Timeout { get; } = new("--timeout") { Description = "Seconds to wait for the device", DefaultValueFactory = _ => 10 };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { Host, Port, Username, Password, Prefix, Camera, Timeout })
        {
            command.Options.Add(option);
        }
    }

    /// <exception cref="ArgumentException">The broker options are invalid (the message names every problem).</exception>
    public MqttClientOptions ReadClient(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var options = new MqttOptions
        {
            Host = parse.GetValue(Host)!,
            Port = parse.GetValue(Port),
            Username = parse.GetValue(Username),
            Password = parse.GetValue(Password) ?? Environment.GetEnvironmentVariable("MQTTCAM_PASSWORD"),
            TopicPrefix = parse.GetValue(Prefix)!,
        };
        var errors = MqttOptionsValidation.Validate(options, TopicPrefix.IsValid);
        return errors.Count == 0
            ? options.ToClientOptions("mqttcam-cli-" + Guid.NewGuid().ToString("N")[..12])
            : throw new ArgumentException(string.Join("; ", errors));
    }

    /// <exception cref="ArgumentException">The prefix or camera id is invalid.</exception>
    public CameraTopics ReadTopics(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new CameraTopics(parse.GetValue(Prefix)!, parse.GetValue(Camera)!);
    }

    public TimeSpan ReadTimeout(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var seconds = parse.GetValue(Timeout);
        return seconds is > 0 and <= 86_400 ? TimeSpan.FromSeconds(seconds) : throw new ArgumentException($"--timeout must be from 0 to 86400 seconds (got {seconds})");
    }
}
