using System.Globalization;

namespace MqttCam.Cli.Output;

/// <summary>
/// A one-line progress bar (<c>label [#########.........]  45%  9/20</c>) redrawn in place on a terminal. When output is
/// redirected it prints one plain line per quarter instead, so logs stay readable.
/// </summary>
public sealed class ProgressBar
{
    private const int BarWidth = 30;

    private readonly Terminal _terminal;
    private readonly string _label;
    private readonly long _total;
    private int _lastPercent = -1;
    private int _lastQuarter = -1;

    public ProgressBar(Terminal terminal, string label, long total)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        _terminal = terminal;
        _label = label;
        _total = total;
    }

    public void Report(long done)
    {
        done = Math.Clamp(done, 0, _total);
        var percent = _total == 0 ? 100 : (int)(done * 100 / _total);
        if (_terminal.IsInteractive)
        {
            if (percent == _lastPercent)
            {
                return;
            }

            _lastPercent = percent;
            var filled = percent * BarWidth / 100;
            _terminal.Output.Write(string.Create(
                CultureInfo.InvariantCulture,
                $"\r{_label} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {percent,3}%  {done}/{_total}"));
            _terminal.Output.Flush();
            return;
        }

        var quarter = percent / 25;
        if (quarter != _lastQuarter)
        {
            _lastQuarter = quarter;
            _terminal.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_label}: {done}/{_total} ({percent}%)"));
        }
    }

    /// <summary>Ends the bar's line so the next output starts on a fresh one.</summary>
    public void Complete()
    {
        Report(_total);
        if (_terminal.IsInteractive)
        {
            _terminal.Output.WriteLine();
        }
    }
}
