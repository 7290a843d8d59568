namespace MqttCam.Bridge.Serving;

/// <summary>The frame's pixels do not fit <c>Bridge:MaxDecodePixels</c> even at the smallest DCT scale.</summary>
public sealed class FrameTooLargeToResizeException : Exception
{
    public FrameTooLargeToResizeException()
    {
    }

    public FrameTooLargeToResizeException(string message)
        : base(message)
    {
    }

    public FrameTooLargeToResizeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
