namespace MqttCam.Device.Demand;

/// <summary>The <c>live</c> setting.</summary>
public enum LiveMode
{
    /// <summary>Live rate only while someone watches or motion is active; otherwise one frame per idle interval.</summary>
    Auto,

    /// <summary>Always at the live rate (the behaviour before demand-driven rates).</summary>
    Always,
}
