namespace MqttCam.Imaging.Tests;

/// <summary>Synthetic pictures and image metrics for the tests; no files, everything reproducible from a seed.</summary>
internal static class TestImages
{
    /// <summary>Diagonal colour gradients with a few soft shapes: smooth content that compresses well.</summary>
    public static RawImage Smooth(int width, int height) => CameraLike(width, height, noise: 0, seed: 1);

    /// <summary>Gradients, shapes and sensor-like noise (amplitude +-noise), the kind of frame a camera sends.</summary>
    public static RawImage CameraLike(int width, int height, int noise = 12, int seed = 42)
    {
        var image = new RawImage(width, height, PixelFormat.Rgb24);
        var random = new Random(seed);
        byte[] p = image.Pixels;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double u = (double)x / width;
                double v = (double)y / height;
                double circle = Math.Sqrt(((u - 0.6) * (u - 0.6)) + ((v - 0.4) * (v - 0.4))) < 0.2 ? 60 : 0;
                double r = (200 * u) + 30 + circle;
                double g = (180 * v) + 40 + (30 * Math.Sin(u * 12));
                double b = (150 * (1 - u) * v) + 50 - (circle / 2);
                int offset = (y * image.Stride) + (x * 3);
                p[offset] = Clamp(r + Noise(random, noise));
                p[offset + 1] = Clamp(g + Noise(random, noise));
                p[offset + 2] = Clamp(b + Noise(random, noise));
            }
        }

        return image;
    }

    public static RawImage Gray(int width, int height)
    {
        var image = new RawImage(width, height, PixelFormat.Gray8);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image.Pixels[(y * image.Stride) + x] = (byte)(((x * 255 / width) + (y * 255 / height)) / 2);
            }
        }

        return image;
    }

    /// <summary>Four flat quadrants: red, green / blue, white.</summary>
    public static RawImage Quadrants(int width, int height)
    {
        var image = new RawImage(width, height, PixelFormat.Rgb24);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                (byte r, byte g, byte b) = QuadrantColour(x < width / 2, y < height / 2);
                int offset = (y * image.Stride) + (x * 3);
                image.Pixels[offset] = r;
                image.Pixels[offset + 1] = g;
                image.Pixels[offset + 2] = b;
            }
        }

        return image;
    }

    public static (byte R, byte G, byte B) QuadrantColour(bool left, bool top) => (left, top) switch
    {
        (true, true) => (220, 30, 30),
        (false, true) => (30, 200, 40),
        (true, false) => (30, 40, 210),
        _ => (240, 240, 240),
    };

    public static byte[] EncodeJpeg(RawImage image, int quality = 85, JpegSubsampling subsampling = JpegSubsampling.Yuv420) =>
        JpegCodec.Encode(image, quality, subsampling);

    /// <summary>Peak signal-to-noise ratio in dB over all samples; +infinity when identical.</summary>
    public static double Psnr(RawImage expected, RawImage actual)
    {
        Assert.Equal(expected.Width, actual.Width);
        Assert.Equal(expected.Height, actual.Height);
        Assert.Equal(expected.Format, actual.Format);
        double squared = 0;
        for (int i = 0; i < expected.Pixels.Length; i++)
        {
            double d = expected.Pixels[i] - actual.Pixels[i];
            squared += d * d;
        }

        double mse = squared / expected.Pixels.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    /// <summary>Fails with the measured figure, so a regression says by how much.</summary>
    public static void AssertPsnrAbove(double minimumDb, RawImage expected, RawImage actual)
    {
        double psnr = Psnr(expected, actual);
        Assert.True(psnr > minimumDb, $"PSNR {psnr:F1} dB, expected more than {minimumDb} dB");
    }

    /// <summary>
    /// Straightforward double-precision area average (shrink) / bilinear (enlarge), written independently of the
    /// production resampler so the two can be compared.
    /// </summary>
    public static RawImage ReferenceResize(RawImage source, int width, int height)
    {
        var result = new RawImage(width, height, source.Format);
        int bpp = source.BytesPerPixel;
        double[] sums = new double[bpp];
        for (int y = 0; y < height; y++)
        {
            IReadOnlyList<(int Index, double Weight)> rows = Taps(source.Height, height, y);
            for (int x = 0; x < width; x++)
            {
                IReadOnlyList<(int Index, double Weight)> columns = Taps(source.Width, width, x);
                Array.Clear(sums);
                foreach ((int row, double wy) in rows)
                {
                    foreach ((int column, double wx) in columns)
                    {
                        for (int c = 0; c < bpp; c++)
                        {
                            sums[c] += source.Pixels[(row * source.Stride) + (column * bpp) + c] * wx * wy;
                        }
                    }
                }

                for (int c = 0; c < bpp; c++)
                {
                    result.Pixels[(y * result.Stride) + (x * bpp) + c] = Clamp(sums[c]);
                }
            }
        }

        return result;
    }

    public static (byte R, byte G, byte B) PixelAt(RawImage image, int x, int y)
    {
        int offset = (y * image.Stride) + (x * image.BytesPerPixel);
        return (image.Pixels[offset], image.Pixels[offset + 1], image.Pixels[offset + 2]);
    }

    private static List<(int Index, double Weight)> Taps(int sourceLength, int targetLength, int i)
    {
        var taps = new List<(int, double)>();
        double ratio = (double)sourceLength / targetLength;
        if (targetLength <= sourceLength)
        {
            double left = i * ratio;
            double right = (i + 1) * ratio;
            for (int j = (int)left; j < Math.Min(sourceLength, Math.Ceiling(right)); j++)
            {
                double overlap = Math.Min(j + 1, right) - Math.Max(j, left);
                if (overlap > 0)
                {
                    taps.Add((j, overlap / ratio));
                }
            }
        }
        else
        {
            double centre = Math.Clamp(((i + 0.5) * ratio) - 0.5, 0, sourceLength - 1);
            int first = (int)centre;
            double fraction = centre - first;
            taps.Add((first, 1 - fraction));
            if (first + 1 < sourceLength)
            {
                taps.Add((first + 1, fraction));
            }
        }

        return taps;
    }

    private static double Noise(Random random, int amplitude) => amplitude == 0 ? 0 : random.Next(-amplitude, amplitude + 1);

    private static byte Clamp(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
}
