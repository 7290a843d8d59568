using System.Globalization;
using MqttCam.Core.Settings;

namespace MqttCam.Capture.TestPattern;

/// <summary>
/// Draws one RGB24 test frame: fixed colour gradients and a white square that bounces while the scene moves (one
/// step per moving frame, so a still stretch is still but for the caption), the picture adjustments and flips a
/// camera would apply, then the capture time and frame number on top.
/// Reuses one pixel buffer; only a size change reallocates.
/// </summary>
internal sealed class TestPatternRenderer
{
    private readonly byte[] _levels = new byte[256];
    private byte[] _pixels = [];
    private byte[] _columnRed = [];
    private byte[] _rowScratch = [];
    private int _width;
    private int _height;
    private double _levelsBrightness = double.NaN;
    private double _levelsContrast = double.NaN;

    public ReadOnlySpan<byte> Render(CameraSettings settings, long frameNumber, long sceneFrame, DateTimeOffset capturedAt)
    {
        Resize(settings.Width, settings.Height);
        var rgb = _pixels.AsSpan();
        DrawScene(rgb, sceneFrame);

        var upsideDown = settings.Rotation == 180;
        if (settings.HorizontalFlip != upsideDown)
        {
            MirrorRows(rgb);
        }

        if (settings.VerticalFlip != upsideDown)
        {
            SwapRows(rgb);
        }

        AdjustLevels(rgb, settings.Brightness, settings.Contrast);
        AdjustSaturation(rgb, settings.Saturation);
        DrawCaption(rgb, frameNumber, capturedAt);
        return rgb;
    }

    private void Resize(int width, int height)
    {
        if (width == _width && height == _height)
        {
            return;
        }

        _width = width;
        _height = height;
        _pixels = new byte[width * height * 3];
        _columnRed = new byte[width];
        _rowScratch = new byte[width * 3];
    }

    private void DrawScene(Span<byte> rgb, long sceneFrame)
    {
        // The gradients stay put: a whole picture that shifts is a light change to a motion detector, not motion.
        for (var x = 0; x < _width; x++)
        {
            _columnRed[x] = (byte)((x * 256) / _width);
        }

        for (var y = 0; y < _height; y++)
        {
            var green = (byte)((y * 256) / _height);
            var row = rgb.Slice(y * _width * 3, _width * 3);
            for (var x = 0; x < _width; x++)
            {
                var red = _columnRed[x];
                row[x * 3] = red;
                row[(x * 3) + 1] = green;
                row[(x * 3) + 2] = (byte)(255 - ((red + green) >> 1));
            }
        }

        // The square (a third of the short side, like a person near the camera) bounces between the edges at walking
        // pace: 1/40 of the width per frame.
        var size = Math.Max(2, Math.Min(_width, _height) / 3);
        var left = Bounce(sceneFrame * Math.Max(1, _width / 40), _width - size);
        var top = Bounce(sceneFrame * Math.Max(1, _height / 45), _height - size);
        for (var y = top; y < top + size; y++)
        {
            rgb.Slice(((y * _width) + left) * 3, size * 3).Fill(255);
        }
    }

    private static int Bounce(long position, int range)
    {
        if (range <= 0)
        {
            return 0;
        }

        var phase = position % (2L * range);
        return (int)(phase <= range ? phase : (2L * range) - phase);
    }

    private void MirrorRows(Span<byte> rgb)
    {
        for (var y = 0; y < _height; y++)
        {
            var row = rgb.Slice(y * _width * 3, _width * 3);
            for (int left = 0, right = _width - 1; left < right; left++, right--)
            {
                for (var c = 0; c < 3; c++)
                {
                    (row[(left * 3) + c], row[(right * 3) + c]) = (row[(right * 3) + c], row[(left * 3) + c]);
                }
            }
        }
    }

    private void SwapRows(Span<byte> rgb)
    {
        var stride = _width * 3;
        var scratch = _rowScratch.AsSpan();
        for (int top = 0, bottom = _height - 1; top < bottom; top++, bottom--)
        {
            var upper = rgb.Slice(top * stride, stride);
            var lower = rgb.Slice(bottom * stride, stride);
            upper.CopyTo(scratch);
            lower.CopyTo(upper);
            scratch.CopyTo(lower);
        }
    }

    private void AdjustLevels(Span<byte> rgb, double brightness, double contrast)
    {
        if (brightness == 0 && contrast == 1)
        {
            return;
        }

        if (brightness != _levelsBrightness || contrast != _levelsContrast)
        {
            // rpicam semantics: contrast scales around mid-grey, brightness shifts by up to the full range.
            for (var v = 0; v < 256; v++)
            {
                _levels[v] = (byte)Math.Clamp(Math.Round(((v - 128) * contrast) + 128 + (brightness * 255)), 0, 255);
            }

            _levelsBrightness = brightness;
            _levelsContrast = contrast;
        }

        for (var i = 0; i < rgb.Length; i++)
        {
            rgb[i] = _levels[rgb[i]];
        }
    }

    private static void AdjustSaturation(Span<byte> rgb, double saturation)
    {
        if (saturation == 1)
        {
            return;
        }

        var factor = (int)Math.Round(saturation * 256);
        for (var i = 0; i + 2 < rgb.Length; i += 3)
        {
            var grey = ((rgb[i] * 77) + (rgb[i + 1] * 150) + (rgb[i + 2] * 29)) >> 8;
            rgb[i] = (byte)Math.Clamp(grey + (((rgb[i] - grey) * factor) >> 8), 0, 255);
            rgb[i + 1] = (byte)Math.Clamp(grey + (((rgb[i + 1] - grey) * factor) >> 8), 0, 255);
            rgb[i + 2] = (byte)Math.Clamp(grey + (((rgb[i + 2] - grey) * factor) >> 8), 0, 255);
        }
    }

    private void DrawCaption(Span<byte> rgb, long frameNumber, DateTimeOffset capturedAt)
    {
        var scale = Math.Max(1, _height / 180);
        var margin = 2 * scale;
        Span<char> text = stackalloc char[32];
        capturedAt.UtcDateTime.TryFormat(text, out var written, "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
        BitmapFont.DrawText(rgb, _width, _height, margin, margin, scale, text[..written]);

        text[0] = '#';
        frameNumber.TryFormat(text[1..], out written, default, CultureInfo.InvariantCulture);
        BitmapFont.DrawText(rgb, _width, _height, margin, margin + ((BitmapFont.GlyphHeight + 3) * scale), scale, text[..(written + 1)]);
    }
}
