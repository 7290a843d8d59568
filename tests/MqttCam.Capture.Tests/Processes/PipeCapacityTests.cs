using System.Diagnostics;
using MqttCam.Capture.Processes;

namespace MqttCam.Capture.Tests.Processes;

public sealed class PipeCapacityTests
{
    [Fact]
    public async Task TryGrow_ChildStdoutPipe_HoldsAWholeFrameAndStillCarriesData()
    {
        // A real child's stdout, as ProcessFrameSource gets it; the kernel's answer is the new capacity.
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("read line; echo \"got $line\"");
        using var child = Process.Start(start)!;
        try
        {
            int? capacity = PipeCapacity.TryGrow(child.StandardOutput.BaseStream, PipeCapacity.Preferred);

            Assert.True(capacity >= PipeCapacity.Preferred, $"pipe capacity {capacity}");
            await child.StandardInput.WriteLineAsync("frame");
            await child.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
            Assert.Equal("got frame", await child.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            child.Kill();
            await child.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public void TryGrow_NotAPipe_LeavesItAlone()
    {
        using var stream = new MemoryStream();

        Assert.Null(PipeCapacity.TryGrow(stream, PipeCapacity.Preferred));
    }
}
