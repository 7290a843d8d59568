using System.Diagnostics.CodeAnalysis;
using MqttCam.Device.Configuration;
using MqttCam.Core.Files;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Commands;

/// <summary>
/// Names files that <c>capture</c> and <c>record</c> write: one <c>{counter}</c> shared by both, the pattern's other
/// tokens filled in, and the result kept inside the capture directory.
/// </summary>
public sealed class CaptureFiles(DeviceConfiguration configuration, CameraTopics topics, TimeProvider time)
{
    private long _counter;

    public string Directory => configuration.Device.ResolveCaptureDirectory();

    public bool TryResolve(FileNamePattern pattern, long sequence, [NotNullWhen(true)] out string? path, out string error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var name = pattern.Format(new FileNameValues(Interlocked.Increment(ref _counter), time.GetLocalNow(), sequence, topics.CameraId));
        return ContainedPath.TryResolve(Directory, name, out path, out error);
    }
}
