namespace MqttCam.Device.Demand;

/// <summary>The state fields of issue 12: publishing at the live rate now, active leases, motion active.</summary>
public readonly record struct DemandState(bool Live, int Watchers, bool Motion);
