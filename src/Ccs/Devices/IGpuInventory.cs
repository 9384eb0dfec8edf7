namespace Ccs.Devices;

/// <summary>One GPU's memory in bytes, as NVML reports it.</summary>
public sealed record GpuMemory(int Index, long Total, long Free);

/// <summary>The GPUs the device selection (spec 4.1) can see; faked in tests.</summary>
public interface IGpuInventory
{
    /// <summary>CUDA devices libtorch can use (<c>torch.cuda.device_count()</c>); 0 without CUDA.</summary>
    int VisibleCount { get; }

    /// <summary><c>CUDA_VISIBLE_DEVICES</c> is set, so NVML's indices need not be libtorch's.</summary>
    bool VisibilityRestricted { get; }

    /// <summary>Opens the memory query (NVML); null, with the reason, when it cannot be initialised.</summary>
    IGpuMemoryProbe? OpenMemoryProbe(out string? failure);
}

/// <summary>An open memory query; disposing shuts it down.</summary>
public interface IGpuMemoryProbe : IDisposable
{
    /// <summary>GPUs installed (NVML's count, which ignores <c>CUDA_VISIBLE_DEVICES</c>).</summary>
    int InstalledCount { get; }

    /// <summary>Every installed GPU's memory, by index. Throws <see cref="GpuQueryException"/> when a query fails.</summary>
    IReadOnlyList<GpuMemory> Read();
}

/// <summary>A GPU memory query failed; the selection retries it.</summary>
public sealed class GpuQueryException(string message) : Exception(message);
