using System.Text;

namespace MqttCam.Processes;

/// <summary>
/// Splits a configured argument string ("-f v4l2 -i '/dev/video 0'") into arguments like a POSIX shell does for
/// quotes and backslashes, so each one reaches the child process intact (no shell is involved).
/// </summary>
public static class CommandLineSplitter
{
    public static IReadOnlyList<string> Split(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var arguments = new List<string>();
        var current = new StringBuilder();
        var inArgument = false;
        char? quote = null;
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '\\' && i + 1 < commandLine.Length && (quote is null || commandLine[i + 1] is '"' or '\\'))
            {
                current.Append(commandLine[++i]);
                inArgument = true;
            }
            else if (quote == '"')
            {
                if (c == '"')
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inArgument = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inArgument)
                {
                    arguments.Add(current.ToString());
                    current.Clear();
                    inArgument = false;
                }
            }
            else
            {
                current.Append(c);
                inArgument = true;
            }
        }

        if (quote is not null)
        {
            throw new ArgumentException($"Unterminated {quote} quote in arguments: {commandLine}", nameof(commandLine));
        }

        if (inArgument)
        {
            arguments.Add(current.ToString());
        }

        return arguments;
    }
}
