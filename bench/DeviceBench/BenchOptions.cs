using System.Globalization;

namespace DeviceBench;

/// <summary>Command-line settings: <c>--soak S --phase S --warmup S --fps N</c> (seconds).</summary>
public sealed record BenchOptions(TimeSpan Soak, TimeSpan Phase, TimeSpan Warmup, int Fps, int Width, int Height)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(15), 30, 1280, 720);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{args[i]} needs a value. Usage: [--soak seconds] [--phase seconds] [--warmup seconds] [--fps n]");
            }

            var value = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
            if (value <= 0)
            {
                throw new ArgumentException($"{args[i]} must be positive (got {args[i + 1]}).");
            }

            options = args[i] switch
            {
                "--soak" => options with { Soak = TimeSpan.FromSeconds(value) },
                "--phase" => options with { Phase = TimeSpan.FromSeconds(value) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(value) },
                "--fps" => options with { Fps = (int)value },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Usage: [--soak seconds] [--phase seconds] [--warmup seconds] [--fps n]"),
            };
        }

        return options;
    }
}
