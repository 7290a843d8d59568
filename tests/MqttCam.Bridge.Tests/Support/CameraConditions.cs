using MqttCam.Bridge.Cameras;

namespace MqttCam.Bridge.Tests.Support;

/// <summary>Awaits a condition on a camera, re-checked on every <see cref="CameraRegistry.CameraUpdated"/> signal.</summary>
public static class CameraConditions
{
    public static async Task WaitAsync(BridgeHost bridge, string cameraId, Func<CameraHub, bool> condition, TimeSpan timeout)
    {
        var met = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(CameraHub camera)
        {
            if (camera.Id == cameraId && condition(camera))
            {
                met.TrySetResult();
            }
        }

        bridge.Cameras.CameraUpdated += Check;
        try
        {
            if (bridge.Cameras.TryGet(cameraId, out var existing))
            {
                Check(existing);
            }

            await met.Task.WaitAsync(timeout, TestContext.Current.CancellationToken);
        }
        finally
        {
            bridge.Cameras.CameraUpdated -= Check;
        }
    }
}
