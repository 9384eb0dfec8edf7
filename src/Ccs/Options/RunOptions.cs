using Ccs.Devices;

namespace Ccs.Options;

/// <summary>Run options shared by elicit, eval and sweep (spec 2.5.3). They never change extracted states.</summary>
/// <param name="OutDir">Output folder; null = automatic (spec 9.1, 9.2, 9.12).</param>
/// <param name="PromptIndices">Positions into the name-sorted template list; Python indexing (negatives allowed).</param>
/// <param name="MinGpuMem">Minimum free bytes per GPU; null = 90 % of the smallest GPU (spec 4.1).</param>
/// <param name="NumGpus">-1 = all visible GPUs, 0 = CPU.</param>
/// <param name="Device"><c>--device</c>; not in the original, so not written to cfg.yaml.</param>
public sealed record RunOptions(
    string? OutDir,
    ValueList<int> PromptIndices,
    bool SaveLogprobs,
    int ConcatenatedLayerOffset,
    bool Debug,
    long? MinGpuMem,
    int NumGpus,
    bool DisableCache,
    DeviceRequest Device = default)
{
    /// <summary>The device flags together, as extraction takes them.</summary>
    public DeviceOptions Devices => new(Device, NumGpus, MinGpuMem);
}
