using Microsoft.Extensions.Logging;
using MqttCam.Core.Contracts;
using MqttCam.Core.Files;

namespace MqttCam.Device.Timelapse;

/// <summary>
/// Takes a still at every slot of a <see cref="TimelapseSchedule"/> and writes it atomically under a pattern name, then
/// applies retention. A failed still (no frame, disk full) is logged and shown in <see cref="State"/>; the timelapse
/// keeps going, because the next slot may well succeed once space is freed.
/// </summary>
public sealed class TimelapseRunner : IAsyncDisposable
{
    private const int DiskFullErrno = 28;

    private readonly TimelapseRequest _request;
    private readonly string _directory;
    private readonly string _cameraId;
    private readonly Func<CancellationToken, Task<byte[]>> _takeStill;
    private readonly Func<string, byte[], CancellationToken, Task> _write;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _stateLock = new();
    private TimelapseState _state;
    private Task? _loop;

    public TimelapseRunner(
        TimelapseRequest request,
        string directory,
        string cameraId,
        Func<CancellationToken, Task<byte[]>> takeStill,
        TimeProvider time,
        ILogger logger,
        Func<string, byte[], CancellationToken, Task>? write = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        _request = request;
        _directory = directory;
        _cameraId = cameraId;
        _takeStill = takeStill;
        _write = write ?? ((path, jpeg, token) => AtomicFile.WriteAllBytesAsync(path, jpeg, token));
        _time = time;
        _logger = logger;
        _state = new TimelapseState { Active = false, Schedule = request.Schedule.Description, Name = request.Name.Text };
    }

    /// <summary>Raised once the wait for the next slot is armed (tests advance their clock after it).</summary>
    public event Action<DateTimeOffset>? Scheduled;

    /// <summary>Raised after each attempt: the path written, or null when the still failed.</summary>
    public event Action<string?>? Attempted;

    public TimelapseState State
    {
        get
        {
            lock (_stateLock)
            {
                return _state;
            }
        }
    }

    public void Start()
    {
        _logger.Started(_request.Schedule.Description, _request.Name.Text, _directory);
        Update(s => s with { Active = true });
        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }

        Update(s => s with { Active = false, NextAt = null });
        _logger.Stopped(State.Captured);
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = _time.GetUtcNow();
                var slot = _request.Schedule.Next(now, _time.LocalTimeZone);
                Update(s => s with { NextAt = slot });

                // Armed before telling anyone, so a test clock advanced on "Scheduled" cannot overtake the timer.
                var wait = Task.Delay(slot - now, _time, stoppingToken);
                Scheduled?.Invoke(slot);
                await wait.ConfigureAwait(false);
                Attempted?.Invoke(await TakeAsync(slot, stoppingToken).ConfigureAwait(false));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task<string?> TakeAsync(DateTimeOffset slot, CancellationToken cancellationToken)
    {
        try
        {
            var jpeg = await _takeStill(cancellationToken).ConfigureAwait(false);
            var counter = State.Captured + 1;
            var name = _request.Name.Format(new FileNameValues(counter, TimeZoneInfo.ConvertTime(slot, _time.LocalTimeZone), counter, _cameraId));
            if (!ContainedPath.TryResolve(_directory, name, out var path, out var pathError))
            {
                throw new InvalidOperationException(pathError);
            }

            await _write(path, jpeg, cancellationToken).ConfigureAwait(false);
            _logger.Saved(counter, path);
            var deleted = _request.Retention.Apply(_directory, _time.GetUtcNow());
            if (deleted > 0)
            {
                _logger.Deleted(deleted);
            }

            Update(s => s with { Captured = counter, LastFile = name, LastFileAt = slot, Deleted = s.Deleted + deleted, LastError = null });
            return path;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = ex is IOException io && IsDiskFull(io)
                ? $"disk full: {ex.Message} (free space or set max_files/max_bytes)"
                : ex.Message;
            _logger.SaveFailed(reason);
            Update(s => s with { LastError = reason });
            return null;
        }
    }

    private static bool IsDiskFull(IOException exception) =>
        exception.HResult == DiskFullErrno || exception.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase);

    private void Update(Func<TimelapseState, TimelapseState> change)
    {
        lock (_stateLock)
        {
            _state = change(_state);
        }
    }
}
