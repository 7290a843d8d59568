namespace MqttCam.Capture.Processes;

/// <summary>
/// Runs a camera's blocking read loop on a thread of its own. A frame then wakes one thread (this one, out of read),
/// not the socket engine's epoll thread and a thread-pool worker per read (docs/benchmarks.md, issue 14).
/// </summary>
internal static class FrameReaderThread
{
    /// <summary>Starts <paramref name="readLoop"/> on a new background thread; the task ends with it (or its exception).</summary>
    public static Task Run(string name, Action readLoop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                readLoop();
                done.SetResult();
            }
            catch (Exception ex)
            {
                // Handed to the supervisor, which reports it like any failed run.
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }
}
