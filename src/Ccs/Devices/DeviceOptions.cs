namespace Ccs.Devices;

/// <summary>Everything the device choice depends on: <c>--device</c>, <c>--num_gpus</c> and <c>--min_gpu_mem</c>.</summary>
/// <param name="NumGpus">-1 = all visible GPUs (that have the memory), 0 = CPU.</param>
/// <param name="MinGpuMem">Minimum free bytes per GPU; null = 90 % of the smallest GPU's total memory.</param>
public sealed record DeviceOptions(DeviceRequest Device, int NumGpus = -1, long? MinGpuMem = null)
{
    /// <summary>The original's defaults: every visible GPU with 90 % of its memory free, else the CPU.</summary>
    public static DeviceOptions Default { get; } = new(DeviceRequest.Auto);
}
