namespace MqttCam.Core.Framing;

/// <summary>What one <see cref="LengthPrefixedFrameReader.ReadAsync"/> found.</summary>
/// <param name="Status">Whether a frame came, the stream ended cleanly, or how it went wrong.</param>
/// <param name="Frame">The JPEG, for <see cref="LengthPrefixedReadStatus.Frame"/> only.</param>
/// <param name="Length">The announced length (0 for the end marker or a cut length prefix).</param>
public readonly record struct LengthPrefixedRead(LengthPrefixedReadStatus Status, byte[]? Frame, long Length);
