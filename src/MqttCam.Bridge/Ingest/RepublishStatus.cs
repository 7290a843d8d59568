namespace MqttCam.Bridge.Ingest;

/// <summary>What happened to an uploaded frame.</summary>
public enum RepublishStatus
{
    /// <summary>Published and already received back, so it is being served.</summary>
    Served,

    /// <summary>Published; the bridge has not received it back yet.</summary>
    Published,

    /// <summary>Not a valid JPEG, or too large; nothing stored.</summary>
    Rejected,

    /// <summary>No broker connection (or the publish window is full); nothing stored.</summary>
    NotPublished,
}
