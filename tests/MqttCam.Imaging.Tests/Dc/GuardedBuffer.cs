using System.Runtime.InteropServices;

namespace MqttCam.Imaging.Tests.Dc;

/// <summary>
/// Bytes placed at the very end of readable memory, followed by an inaccessible page: a decoder reading one byte past
/// the input crashes the test run instead of silently reading the next heap object.
/// </summary>
internal sealed unsafe partial class GuardedBuffer : IDisposable
{
    private const int ProtNone = 0, ProtReadWrite = 3, MapPrivateAnonymous = 0x22;
    private readonly nint _base;
    private readonly nuint _size;
    private readonly int _pageSize = Environment.SystemPageSize;

    public GuardedBuffer(int capacity)
    {
        nuint pages = (nuint)((capacity + _pageSize - 1) / _pageSize) + 1;
        _size = pages * (nuint)_pageSize;
        _base = Mmap(0, _size, ProtReadWrite, MapPrivateAnonymous, -1, 0);
        if (_base == -1 || Mprotect(_base + (nint)(_size - (nuint)_pageSize), (nuint)_pageSize, ProtNone) != 0)
        {
            throw new InvalidOperationException($"mmap/mprotect failed: errno {Marshal.GetLastPInvokeError()}");
        }

        Capacity = (int)(_size - (nuint)_pageSize);
    }

    public int Capacity { get; }

    /// <summary>The copy of <paramref name="data"/> that ends right at the guard page.</summary>
    public ReadOnlySpan<byte> Place(ReadOnlySpan<byte> data)
    {
        if (data.Length > Capacity)
        {
            throw new ArgumentException($"{data.Length} bytes do not fit in {Capacity}.", nameof(data));
        }

        byte* end = (byte*)_base + Capacity;
        var target = new Span<byte>(end - data.Length, data.Length);
        data.CopyTo(target);
        return target;
    }

    public void Dispose() => _ = Munmap(_base, _size);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static partial int Mprotect(nint address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(nint address, nuint length);
}
