namespace MqttCam.Bridge.Operations;

/// <summary>One thread-safe count, changed with Interlocked on hot paths and read by the metrics page and tests.</summary>
internal sealed class Counter
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public void Increment() => Interlocked.Increment(ref _value);

    public void Decrement() => Interlocked.Decrement(ref _value);

    public void Add(long amount) => Interlocked.Add(ref _value, amount);
}
