namespace MqttCam.Core.Framing;

/// <summary>The outcome of reading one length-prefixed frame.</summary>
public enum LengthPrefixedReadStatus
{
    /// <summary>A whole frame.</summary>
    Frame,

    /// <summary>The zero-length end marker.</summary>
    End,

    /// <summary>The length is above the reader's limit; nothing was allocated.</summary>
    TooLarge,

    /// <summary>The stream ended inside (or right before) a length prefix.</summary>
    EndedInsideLength,

    /// <summary>The stream ended inside a frame.</summary>
    EndedInsideFrame,
}
