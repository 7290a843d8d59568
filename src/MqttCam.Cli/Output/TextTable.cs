using System.Text;

namespace MqttCam.Cli.Output;

/// <summary>A plain-text table: padded columns, numbers right-aligned, a dashed rule under the header.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly string[] _headers = headers;
    private readonly List<string[]> _rows = [];

    public void AddRow(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"a row needs {_headers.Length} cells (got {cells.Length})", nameof(cells));
        }

        _rows.Add(cells);
    }

    public override string ToString()
    {
        var widths = _headers.Select((h, i) => _rows.Select(r => r[i].Length).Prepend(h.Length).Max()).ToArray();
        var builder = new StringBuilder();
        AppendLine(builder, _headers, widths);
        builder.AppendJoin("  ", widths.Select(w => new string('-', w))).Append('\n');
        foreach (var row in _rows)
        {
            AppendLine(builder, row, widths);
        }

        return builder.ToString();
    }

    private static void AppendLine(StringBuilder builder, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                builder.Append("  ");
            }

            var numeric = cells[i].Length > 0 && (char.IsDigit(cells[i][0]) || cells[i][0] == '-') && cells[i].All(c => char.IsDigit(c) || c is '.' or '-' or 'x');
            builder.Append(numeric ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
        }

        builder.Append('\n');
    }
}
