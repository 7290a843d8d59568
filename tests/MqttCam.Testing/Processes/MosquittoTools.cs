using System.Globalization;
using MqttCam.Testing.Broker;

namespace MqttCam.Testing.Processes;

/// <summary>
/// The real mosquitto_pub / mosquitto_sub command-line clients, for interop tests. They fail with
/// "apt-get install mosquitto-clients" when missing. Payloads travel binary-exact: mosquitto_sub prints with
/// <c>-N</c> (no added newline) and the default raw format, mosquitto_pub reads the whole of stdin with <c>-s</c>.
/// </summary>
public static class MosquittoTools
{
    private static readonly TimeSpan s_publishTimeout = TimeSpan.FromSeconds(30);

    public static string SubscriberPath => ExecutableLocator.Require("mosquitto_sub", "mosquitto-clients");

    public static string PublisherPath => ExecutableLocator.Require("mosquitto_pub", "mosquitto-clients");

    /// <summary>
    /// Subscribes with <c>mosquitto_sub -C 1 -N</c> and returns the raw stdout bytes of the first message (exactly the
    /// payload unless <paramref name="extraArgs"/> adds a <c>-F</c> format). Suits retained messages; for live ones use
    /// <see cref="StartSubscriberAsync"/>, which waits until the subscription is in place.
    /// </summary>
    public static async Task<byte[]> SubscribeOneAsync(MosquittoBroker broker, string topic, TimeSpan timeout, params string[] extraArgs)
    {
        await using ChildProcess subscriber = await StartSubscriberAsync(broker, topic, 1, timeout, extraArgs).ConfigureAwait(false);
        return await ReadToExitAsync(subscriber, timeout).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts <c>mosquitto_sub -C <paramref name="count"/> -N</c> and returns once the broker has logged the subscription
    /// (needs <see cref="MosquittoBrokerOptions.LogSubscriptions"/>). Collect the output with <see cref="ReadToExitAsync"/>.
    /// </summary>
    public static async Task<ChildProcess> StartSubscriberAsync(MosquittoBroker broker, string topic, int count, TimeSpan timeout, params string[] extraArgs)
    {
        ArgumentNullException.ThrowIfNull(broker);
        string clientId = "sub-" + Guid.NewGuid().ToString("N")[..12];
        string[] arguments =
        [
            "-h", broker.Host, "-p", broker.Port.ToString(CultureInfo.InvariantCulture),
            "-i", clientId, "-t", topic, "-C", count.ToString(CultureInfo.InvariantCulture), "-N",
            .. extraArgs,
        ];
        var subscriber = ChildProcess.Start(SubscriberPath, arguments, new ChildProcessOptions { BinaryStandardOutput = true });
        try
        {
            Task subscribed = broker.WaitForSubscriptionAsync(clientId, topic, timeout);
            Task exited = subscriber.WaitForExitAsync(timeout);
            // A retained message can arrive and end a -C 1 subscriber before its log line is matched: that is success.
            if (await Task.WhenAny(subscribed, exited).ConfigureAwait(false) == exited && !(exited.IsCompletedSuccessfully && subscriber.HasExited))
            {
                throw new InvalidOperationException($"mosquitto_sub exited before subscribing. Output:\n{subscriber.GetOutput()}");
            }

            if (!exited.IsCompletedSuccessfully)
            {
                await subscribed.ConfigureAwait(false);
            }

            return subscriber;
        }
        catch
        {
            await subscriber.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits for a subscriber started with <see cref="StartSubscriberAsync"/> to exit; returns its raw stdout.</summary>
    public static async Task<byte[]> ReadToExitAsync(ChildProcess subscriber, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        int exitCode = await subscriber.WaitForExitAsync(timeout).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_sub exited with {exitCode}. Output:\n{subscriber.GetOutput()}");
        }

        return subscriber.GetStandardOutputBytes();
    }

    /// <summary>Publishes <paramref name="payload"/> with <c>mosquitto_pub -s</c> (stdin, binary-safe) and waits for it to finish.</summary>
    public static async Task PublishAsync(MosquittoBroker broker, string topic, byte[] payload, params string[] extraArgs)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(payload);
        string[] arguments =
        [
            "-h", broker.Host, "-p", broker.Port.ToString(CultureInfo.InvariantCulture), "-t", topic, "-s",
            .. extraArgs,
        ];
        await using var publisher = ChildProcess.Start(PublisherPath, arguments, new ChildProcessOptions { RedirectStandardInput = true });
        await publisher.StandardInput.WriteAsync(payload).ConfigureAwait(false);
        publisher.StandardInput.Close();
        int exitCode = await publisher.WaitForExitAsync(s_publishTimeout).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_pub exited with {exitCode}. Output:\n{publisher.GetOutput()}");
        }
    }
}
