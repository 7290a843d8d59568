namespace MqttCam.Imaging;

/// <summary>
/// A JPEG could not be read or written: not a JPEG, corrupt, truncated, or unsupported. The message includes
/// libjpeg-turbo's own explanation.
/// </summary>
public class JpegException : Exception
{
    public JpegException()
    {
    }

    public JpegException(string message)
        : base(message)
    {
    }

    public JpegException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal JpegException(string message, string? nativeMessage, bool isWarning)
        : base(message)
    {
        NativeMessage = nativeMessage;
        IsWarning = isWarning;
    }

    /// <summary>The text from tjGetErrorStr2, when the error came from libjpeg-turbo.</summary>
    public string? NativeMessage { get; }

    /// <summary>
    /// libjpeg-turbo classed the problem as a warning (e.g. "Premature end of JPEG file"). We still reject the
    /// image: a warning during decode means part of the picture is missing or garbled.
    /// </summary>
    public bool IsWarning { get; }
}
