using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MqttCam.Processes;
using MqttCam.Core.Settings;

namespace MqttCam.Capture.Processes;

/// <summary>
/// A frame source backed by a child process writing MJPEG to stdout. Supervises it: stderr goes to the log (the last
/// line becomes the error when the child fails), a child that exits or stalls is killed with its whole process tree,
/// reaped, and restarted with exponential back-off; a settings change restarts it at once.
/// </summary>
public abstract class ProcessFrameSource : FrameSource
{
    private static readonly TimeSpan s_exitWait = TimeSpan.FromSeconds(5);

    private readonly CaptureOptions _options;
    private readonly FramePacer _pacer;
    private readonly Lock _runGate = new();
    private CancellationTokenSource? _currentRun;
    private TaskCompletionSource _wake = NewSignal();
    private bool _restartRequested;
    private int _processId;

    protected ProcessFrameSource(CaptureOptions options, CameraSettings settings, TimeProvider timeProvider, ILogger logger)
        : base(settings, options?.FrameQueueCapacity ?? 2, deliverInline: true, timeProvider, logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _pacer = new FramePacer(timeProvider);
    }

    /// <summary>The running camera process, or null between runs (diagnostics, tests).</summary>
    public int? ProcessId => Volatile.Read(ref _processId) is var id and > 0 ? id : null;

    protected CaptureOptions Options => _options;

    /// <summary>The name users know the program by, for messages ("rpicam-vid").</summary>
    protected abstract string ProgramName { get; }

    /// <summary>What to install when the program is missing ("install rpicam-apps (Raspberry Pi OS)").</summary>
    protected abstract string InstallHint { get; }

    /// <summary>The program's full path, or null when it is not installed.</summary>
    protected abstract string? LocateProgram();

    protected abstract ValueTask<IReadOnlyList<string>> BuildArgumentsAsync(string program, CameraSettings settings, CancellationToken cancellationToken);

    protected override ValueTask OnSettingsChangedAsync(CameraSettings previous, CameraSettings current)
    {
        var changed = SettingChanges.Between(previous, current);
        var needRestart = changed.Where(RestartSettings.Contains).ToArray();
        var unsupported = changed.Where(n => !RestartSettings.Contains(n) && !LiveSettings.Contains(n)).ToArray();
        if (unsupported.Length > 0)
        {
            Logger.UnsupportedSettings(Kind, unsupported);
        }

        if (needRestart.Length > 0)
        {
            Logger.RestartForSettings(Kind, needRestart);
            lock (_runGate)
            {
                // The next run reads Settings, so even a change arriving between runs is never lost.
                _restartRequested = true;
                _currentRun?.Cancel();
                _wake.TrySetResult();
            }
        }

        return ValueTask.CompletedTask;
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var backoff = new RestartBackoff(_options.RestartDelayMinimum, _options.RestartDelayMaximum);
        var firstRun = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!firstRun)
            {
                CountRestart();
            }

            firstRun = false;
            var outcome = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            if (outcome == RunOutcome.RestartRequested)
            {
                backoff.Reset();
                continue;
            }

            if (outcome == RunOutcome.Healthy)
            {
                backoff.Reset();
            }

            var delay = backoff.Next();
            Logger.RestartScheduled(Kind, delay);
            await WaitBeforeRestartAsync(delay, stoppingToken).ConfigureAwait(false);
        }
    }

    private enum RunOutcome
    {
        Failed,
        Healthy,
        RestartRequested,
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task WaitBeforeRestartAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        Task wake;
        lock (_runGate)
        {
            wake = _wake.Task;
        }

        try
        {
            // A settings change ends the wait early: the user expects to see the new settings now.
            await wake.WaitAsync(delay, TimeProvider, stoppingToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Waited the full back-off.
        }
    }

    private async Task<RunOutcome> RunOnceAsync(CancellationToken stoppingToken)
    {
        CameraSettings settings;
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        lock (_runGate)
        {
            settings = Settings;
            _restartRequested = false;
            _currentRun = run;
            if (_wake.Task.IsCompleted)
            {
                _wake = NewSignal();
            }
        }

        try
        {
            var program = LocateProgram();
            if (program is null)
            {
                return Fail($"{ProgramName} not found: {InstallHint}");
            }

            IReadOnlyList<string> arguments;
            try
            {
                arguments = await BuildArgumentsAsync(program, settings, run.Token).ConfigureAwait(false);
            }
            catch (ArgumentException ex)
            {
                return Fail($"{ProgramName} cannot be started: {ex.Message}");
            }

            return await SuperviseAsync(program, arguments, settings, run, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            return RestartWasRequested() ? RunOutcome.RestartRequested : RunOutcome.Failed;
        }
        finally
        {
            lock (_runGate)
            {
                _currentRun = null;
            }
        }
    }

    private async Task<RunOutcome> SuperviseAsync(string program, IReadOnlyList<string> arguments, CameraSettings settings, CancellationTokenSource run, CancellationToken stoppingToken)
    {
        var startInfo = ProcessGroup.StartInfo(program, arguments, redirectInput: false, redirectOutput: true);
        foreach (var (name, value) in _options.ProcessEnvironment)
        {
            startInfo.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException("Process.Start returned no process.");
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            return Fail($"{ProgramName} could not be started ({program}): {ex.Message}");
        }

        using (process)
        {
            var pid = process.Id;
            Volatile.Write(ref _processId, pid);
            Logger.ProcessStarted(Kind, pid, program, arguments);
            var stderr = new StderrCollector(Logger, Kind, pid);
            var stderrTask = stderr.ReadAsync(process.StandardError);
            var watchdog = new StallWatchdog(TimeProvider, _options.StartupTimeout, StallTimeoutFor(settings));
            var watchdogTask = watchdog.WatchAsync(run);
            var splitter = new MjpegFrameSplitter(TimeProvider, _options.MaxFrameSize) { NextSequence = PeekNextSequence() };
            var stdout = process.StandardOutput.BaseStream;
            var pipeCapacity = PipeCapacity.TryGrow(stdout, PipeCapacity.Preferred);
            _pacer.Reset();
            long firstFrameAt = 0;
            var waiting = new Queue<JpegFrame>(_options.FrameQueueCapacity);
            void OnFrame(JpegFrame frame)
            {
                watchdog.FrameArrived();
                if (firstFrameAt == 0)
                {
                    firstFrameAt = TimeProvider.GetTimestamp();
                    Logger.FirstFrame(Kind, pid, frame.Width, frame.Height);
                }

                ContinueSequenceAfter(frame.Sequence);
                if (!_pacer.TryTake(settings.EffectiveFps))
                {
                    CountThrottled();
                    frame.Dispose();
                    return;
                }

                // The frame handler, or a reader of Frames (deliverInline), runs on this thread, so frames that piled up
                // in the pipe meanwhile arrive together, read until the pipe is drained: as in the queue, only the newest
                // FrameQueueCapacity of them go on, the older are dropped.
                if (waiting.Count == _options.FrameQueueCapacity)
                {
                    Drop(waiting.Dequeue());
                }

                waiting.Enqueue(frame);
            }

            void OnReadDone()
            {
                while (waiting.TryDequeue(out var frame))
                {
                    Publish(frame);
                }
            }

            var readBufferSize = pipeCapacity is null ? MjpegFrameSplitter.DefaultReadBufferSize : PipeCapacity.ReadBufferSize;

            // Stopping, restarting for new settings or a stall kill the camera at once: that ends the blocking read.
            var killOnCancel = run.Token.UnsafeRegister(static state => KillQuietly((Process)state!), process);
            try
            {
                await FrameReaderThread.Run($"{Kind} frames", () => splitter.ReadFrames(stdout, readBufferSize, OnFrame, OnReadDone)).ConfigureAwait(false);
            }
            catch (IOException) when (run.IsCancellationRequested)
            {
                // The pipe broke because the camera was killed.
            }
            finally
            {
                await killOnCancel.DisposeAsync().ConfigureAwait(false);
                while (waiting.TryDequeue(out var unsent))
                {
                    unsent.Dispose();
                }

                await run.CancelAsync().ConfigureAwait(false);
                await StopAsync(process).ConfigureAwait(false);
                await stderrTask.WaitAsync(s_exitWait, TimeProvider, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await watchdogTask.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                CountSkipped(splitter.BytesSkipped, splitter.FramesRejected);
                Volatile.Write(ref _processId, 0);
            }

            if (stoppingToken.IsCancellationRequested)
            {
                ReportStopped();
                return RunOutcome.Failed;
            }

            if (RestartWasRequested())
            {
                return RunOutcome.RestartRequested;
            }

            var healthy = firstFrameAt != 0 && TimeProvider.GetElapsedTime(firstFrameAt) >= _options.HealthyRunTime;
            if (watchdog.Stalled)
            {
                Logger.ProcessStalled(Kind, pid, watchdog.StalledAfter);
                Fail($"{ProgramName} delivered no frame for {watchdog.StalledAfter.TotalSeconds:0.#} s and was restarted{LastLine(stderr)}");
            }
            else
            {
                var exitCode = process.HasExited ? process.ExitCode : -1;
                Logger.ProcessExited(Kind, pid, exitCode);
                Fail($"{ProgramName} exited with code {exitCode}{LastLine(stderr)}");
            }

            return healthy ? RunOutcome.Healthy : RunOutcome.Failed;
        }
    }

    private static string LastLine(StderrCollector stderr) => stderr.LastLine is { } line ? ": " + line : string.Empty;

    private TimeSpan StallTimeoutFor(CameraSettings settings)
    {
        // At low frame rates (or long shutters) a few silent seconds are normal, so allow five frame periods.
        var fivePeriods = TimeSpan.FromSeconds(5 / Math.Max(settings.EffectiveFps, 0.001));
        return fivePeriods > _options.StallTimeout ? fivePeriods : _options.StallTimeout;
    }

    private bool RestartWasRequested()
    {
        lock (_runGate)
        {
            return _restartRequested;
        }
    }

    private RunOutcome Fail(string message)
    {
        Logger.ProcessUnavailable(Kind, message);
        ReportError(message);
        return RunOutcome.Failed;
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            ProcessGroup.Kill(process);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    private async Task StopAsync(Process process)
    {
        KillQuietly(process);
        try
        {
            // Waiting reaps the child: no zombie is left behind.
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(s_exitWait, TimeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Logger.ProcessUnavailable(Kind, $"process {process.Id} did not exit within {s_exitWait.TotalSeconds} s of being killed");
        }
    }
}
