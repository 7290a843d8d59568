using System.Text.Json;
using MqttCam.Device.Tests.Support;
using MqttCam.Testing.Broker;
using MqttCam.Testing.Media;
using MqttCam.Testing.Mqtt;
using MqttCam.Testing.Processes;

namespace MqttCam.Device.Tests.EndToEnd;

/// <summary>lock/unlock/night through the real device process with the rpicam source (the fake rpicam-vid).</summary>
[Collection(SharedBroker.Name)]
public sealed class DeviceExposureTests(MosquittoBrokerFixture fixture)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Lock_FixesTheExposureTheSensorReports_AndUnlockReturnsToAuto()
    {
        var prefix = DeviceProcess.NewPrefix();
        var argsFile = Path.Combine(Directory.CreateTempSubdirectory("mqttcam-rpicam-args-").FullName, "args.txt");
        await using var device = StartRpicamDevice(prefix, "lockcam", argsFile);
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.State);

        // The fake's automatic exposure: 12345 µs, gain 2.5123, colour gains 1.8/1.4 (from its metadata JSON).
        await WaitForExposureAsync(probe, device, e => e.GetProperty("analogue_gain").GetDouble() == 2.5123 && !e.GetProperty("locked").GetBoolean());

        // lock rounds the gain to 3 decimals, so a reading of 2.512 can only come from the restarted, locked camera.
        var lockedState = WaitForExposureAsync(probe, device, e => e.GetProperty("analogue_gain").GetDouble() == 2.512 && e.GetProperty("locked").GetBoolean(), includeHistory: false);
        var locked = await probe.RequestAsync(device.Topics.Command, """{"action": "lock"}""", s_timeout);
        var lockedExposure = await lockedState;
        var autoAgain = WaitForExposureAsync(probe, device, e => e.GetProperty("analogue_gain").GetDouble() == 2.5123 && !e.GetProperty("locked").GetBoolean(), includeHistory: false);
        var unlocked = await probe.RequestAsync(device.Topics.Command, """{"action": "unlock"}""", s_timeout);
        await autoAgain;

        Assert.Equal("ok", locked.GetProperty("status").GetString());
        Assert.Equal("ok", unlocked.GetProperty("status").GetString());
        Assert.Equal(12345, lockedExposure.GetProperty("shutter_microseconds").GetInt64());
        Assert.Equal((1.8, 1.4), (lockedExposure.GetProperty("red_gain").GetDouble(), lockedExposure.GetProperty("blue_gain").GetDouble()));
        var runs = FakeRpicamRuns(argsFile);
        Assert.True(runs.Count >= 3, $"expected a run before lock, one locked and one after unlock; got {runs.Count}");
        Assert.DoesNotContain("--shutter", runs[0]);
        var lockedRun = runs.Single(r => r.Contains("--shutter"));
        Assert.Equal("12345", lockedRun[lockedRun.IndexOf("--shutter") + 1]);
        Assert.Equal("2.512", lockedRun[lockedRun.IndexOf("--gain") + 1]);
        Assert.Equal("1.8,1.4", lockedRun[lockedRun.IndexOf("--awbgains") + 1]);
        Assert.DoesNotContain("--shutter", runs[^1]);
        Assert.DoesNotContain("--gain", runs[^1]);
        Assert.DoesNotContain("--awbgains", runs[^1]);
    }

    [Fact]
    public async Task Night_SetsLongShutterHighGainAndLowerFps_InTheState()
    {
        var prefix = DeviceProcess.NewPrefix();
        var argsFile = Path.Combine(Directory.CreateTempSubdirectory("mqttcam-rpicam-args-").FullName, "args.txt");
        await using var device = StartRpicamDevice(prefix, "nightcam", argsFile);
        await using var probe = await MqttProbe.ConnectAsync(fixture.Broker, prefix);
        await probe.WaitUntilOnlineAsync(device.Topics);
        await probe.SubscribeAsync(device.Topics.State);

        var nightState = WaitForExposureAsync(probe, device, e => e.GetProperty("shutter_microseconds").GetInt64() == 250_000, includeHistory: false);
        var reply = await probe.RequestAsync(device.Topics.Command, """{"action": "night", "shutter_seconds": 0.25, "gain": 6}""", s_timeout);
        var exposure = await nightState;
        var state = (await probe.RequestAsync(device.Topics.Command, """{"action": "state"}""", s_timeout)).GetProperty("data");

        Assert.Equal("ok", reply.GetProperty("status").GetString());
        Assert.Equal(6, exposure.GetProperty("analogue_gain").GetDouble());
        Assert.Equal(250_000, state.GetProperty("settings").GetProperty("shutter").GetInt64());
        Assert.Equal(6, state.GetProperty("settings").GetProperty("gain").GetDouble());
        Assert.Equal("long", state.GetProperty("settings").GetProperty("exposure").GetString());
        var nightRun = FakeRpicamRuns(argsFile)[^1];
        Assert.Equal("250000", nightRun[nightRun.IndexOf("--shutter") + 1]);
        Assert.Equal("6", nightRun[nightRun.IndexOf("--gain") + 1]);

        // A 0.25 s shutter caps the frame rate at 4 fps: the camera is asked for it and the measured rate follows.
        Assert.Equal("4", nightRun[nightRun.IndexOf("--framerate") + 1]);
        var slowed = await probe.WaitForAsync(
            m => m.Topic == device.Topics.State && JsonDocument.Parse(m.Payload).RootElement.GetProperty("fps").GetDouble() is > 0 and <= 4.5,
            s_timeout);
        Assert.NotNull(slowed);
    }

    private DeviceProcess StartRpicamDevice(string prefix, string cameraId, string argsFile) =>
        DeviceProcess.Start(
            fixture.Broker,
            prefix,
            cameraId,
            null,
                "--Camera:Source=Rpicam",
                $"--Camera:RpicamPath={FakeRpicam.ScriptPath}",
                "--Camera:Width=160", "--Camera:Height=120", "--Camera:Fps=10",
                $"--Camera:ProcessEnvironment:FAKE_RPICAM_ARGS_FILE={argsFile}",
                "--Camera:ProcessEnvironment:FAKE_RPICAM_AUTO_EXPOSURE=12345 2.5123 1.8 1.4");

    private static async Task<JsonElement> WaitForExposureAsync(MqttProbe probe, DeviceProcess device, Func<JsonElement, bool> match, bool includeHistory = true)
    {
        var message = await probe.WaitForAsync(
            m => m.Topic == device.Topics.State && ExposureOf(m.Payload) is { } exposure && match(exposure),
            s_timeout,
            includeHistory);
        return ExposureOf(message.Payload)!.Value;
    }

    private static JsonElement? ExposureOf(ReadOnlyMemory<byte> state)
    {
        using var document = JsonDocument.Parse(state);
        var exposure = document.RootElement.GetProperty("exposure");
        return exposure.ValueKind == JsonValueKind.Object ? exposure.Clone() : null;
    }

    private static List<List<string>> FakeRpicamRuns(string argsFile)
    {
        var runs = new List<List<string>> { new() };
        foreach (var line in File.ReadAllLines(argsFile))
        {
            if (line == "--end--")
            {
                runs.Add([]);
            }
            else
            {
                runs[^1].Add(line);
            }
        }

        runs.RemoveAt(runs.Count - 1);
        return runs;
    }
}
