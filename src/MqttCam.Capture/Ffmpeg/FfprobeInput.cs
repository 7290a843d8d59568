using System.Diagnostics;
using System.Globalization;

namespace MqttCam.Capture.Ffmpeg;

/// <summary>What ffprobe says about the first video stream of an ffmpeg input.</summary>
internal sealed record FfprobeInput(string Codec, int Width, int Height)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    // Options that only ffmpeg understands; ffprobe rejects them.
    private static readonly Dictionary<string, int> s_ffmpegOnlyOptions = new(StringComparer.Ordinal)
    {
        ["-re"] = 0,
        ["-nostdin"] = 0,
        ["-stream_loop"] = 1,
        ["-readrate"] = 1,
    };

    /// <summary>Probes the input; throws <see cref="InvalidOperationException"/> with ffprobe's message when it cannot.</summary>
    public static async Task<FfprobeInput> ProbeAsync(string ffprobe, IReadOnlyList<string> input, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(ffprobe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        for (var i = 0; i < input.Count; i++)
        {
            if (s_ffmpegOnlyOptions.TryGetValue(input[i], out var values))
            {
                i += values;
                continue;
            }

            startInfo.ArgumentList.Add(input[i]);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("ffprobe did not start.");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).WaitAsync(s_timeout, timeProvider, cancellationToken).ConfigureAwait(false);
            var text = (await output.ConfigureAwait(false)).Trim();
            var fields = text.Split(',');
            if (process.ExitCode != 0 || fields.Length < 3
                || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var width)
                || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var height))
            {
                var message = (await error.ConfigureAwait(false)).Trim();
                throw new InvalidOperationException($"ffprobe exited with code {process.ExitCode}: {(message.Length > 0 ? message : text)}");
            }

            return new FfprobeInput(fields[0], width, height);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"ffprobe gave no answer within {s_timeout.TotalSeconds} s");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
