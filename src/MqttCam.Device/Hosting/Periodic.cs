namespace MqttCam.Device.Hosting;

/// <summary>The device's timer loops (lease expiry, motion hold): a tick every interval on the injected clock until stop.</summary>
public static class Periodic
{
    public static async Task RunAsync(TimeSpan interval, TimeProvider time, Action tick, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(tick);
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                tick();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
