using TorchSharp;

namespace Ccs.Devices;

/// <summary>This machine's GPUs: libtorch's visible CUDA devices, <c>CUDA_VISIBLE_DEVICES</c>, and NVML for memory.</summary>
public sealed class SystemGpuInventory : IGpuInventory
{
    public static SystemGpuInventory Instance { get; } = new();

    private SystemGpuInventory() { }

    public int VisibleCount => torch.cuda.is_available() ? torch.cuda.device_count() : 0;

    public bool VisibilityRestricted => Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES") is not null;

    public IGpuMemoryProbe? OpenMemoryProbe(out string? failure) => NvmlMemoryProbe.TryOpen(out failure);
}
