using System.Diagnostics;
using System.Globalization;
using MqttCam.Core.Contracts;

namespace MqttCam.Device.Platform;

/// <summary>
/// CPU temperature and Raspberry Pi throttling, read the way the Pi exposes them. Elsewhere each value is null, which
/// the state topic shows as such rather than as a made-up number.
/// </summary>
public sealed class SystemHealth
{
    private static readonly string[] s_vcgencmdPaths = ["/usr/bin/vcgencmd", "/opt/vc/bin/vcgencmd"];

    private readonly string _thermalZone;
    private readonly string? _vcgencmd;

    public SystemHealth(string thermalZone = "/sys/class/thermal/thermal_zone0/temp")
    {
        _thermalZone = thermalZone;
        _vcgencmd = s_vcgencmdPaths.FirstOrDefault(File.Exists);
    }

    /// <summary>Millidegrees in the kernel's thermal zone file, as degrees Celsius.</summary>
    public double? ReadCpuTemperature()
    {
        try
        {
            var text = File.ReadAllText(_thermalZone).Trim();
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var milli)
                ? Math.Round(milli / 1000.0, 1)
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The firmware's throttled mask from <c>vcgencmd get_throttled</c> ("throttled=0x50000").</summary>
    public async Task<ThrottleState?> ReadThrottledAsync(CancellationToken cancellationToken)
    {
        if (_vcgencmd is null)
        {
            return null;
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(_vcgencmd, "get_throttled")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return ParseThrottled(output);
        }
        catch (Exception ex) when (ex is IOException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null;
        }
    }

    public static ThrottleState? ParseThrottled(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var hex = output.Trim().Split('=').LastOrDefault()?.Trim();
        if (hex is null || !hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return uint.TryParse(hex.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)
            ? ThrottleState.FromMask(mask)
            : null;
    }
}
