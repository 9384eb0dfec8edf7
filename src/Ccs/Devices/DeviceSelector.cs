using System.Globalization;
using Ccs.Runs;

namespace Ccs.Devices;

/// <summary>
/// Spec 4.1's device selection (ccs/utils/gpu_utils.py <c>select_usable_devices</c>) behind <c>--device</c>,
/// <c>--num_gpus</c> and <c>--min_gpu_mem</c>. <c>auto</c> is the original: the CPU when no CUDA device is visible
/// or <c>--num_gpus 0</c>; else the requested number of GPUs (all for a negative number), taken as the first ones
/// when <c>CUDA_VISIBLE_DEVICES</c> is set or NVML is missing (B35), otherwise the ones with the most free memory
/// once enough of them have <c>--min_gpu_mem</c> free, waiting for that as long as it takes (B21: the reason is
/// printed at once; Ctrl-C cancels). <c>cuda</c> selects the same way but fails without CUDA; <c>cuda:N</c> is that
/// device alone; <c>cpu</c> is the CPU.
/// </summary>
/// <param name="delay">Waits between memory polls; tests pass one that returns at once.</param>
public sealed class DeviceSelector(IGpuInventory inventory, CcsConsole console, Func<TimeSpan, CancellationToken, Task>? delay = null)
{
    /// <summary>The original sleeps 10 s between polls and repeats its waiting message every 60 polls.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);
    public const int PollsPerMessage = 60;

    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? Task.Delay;

    public async Task<DeviceSelection> SelectAsync(DeviceOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        DeviceRequest request = options.Device;
        if (request.Kind == DeviceKind.Cpu) return DeviceSelection.Cpu;

        int visible = inventory.VisibleCount;
        if (request.Kind == DeviceKind.Cuda)
        {
            if (visible == 0) throw NoCuda(request);
            if (request.Index is { } index)
            {
                if (index >= visible)
                    throw new CcsException(ExitCode.BadInput,
                        $"--device {request}: only {visible} CUDA device{(visible == 1 ? " is" : "s are")} visible (cuda:0 to cuda:{visible - 1})");
                console.Out.WriteLine($"Using 1 of {visible} GPUs: [{index}]");
                return new DeviceSelection([index]);
            }
            if (options.NumGpus == 0) throw new CcsException(ExitCode.Usage, "--device cuda cannot use --num_gpus 0 (which means the CPU)");
        }
        else if (visible == 0 || options.NumGpus == 0)
        {
            return DeviceSelection.Cpu;
        }
        return new DeviceSelection(await SelectGpusAsync(options.NumGpus, options.MinGpuMem, visible, cancellationToken));
    }

    private async Task<IReadOnlyList<int>> SelectGpusAsync(int numGpus, long? minMemory, int visible, CancellationToken cancellationToken)
    {
        if (numGpus > visible) throw new CcsException(ExitCode.BadInput, $"Requested {numGpus} GPUs, but only {visible} are visible.");
        if (numGpus < 0) numGpus = visible;
        int[] first = [.. Enumerable.Range(0, numGpus)];

        if (numGpus == visible && minMemory == 0)
        {
            console.Out.WriteLine($"Using all {visible} GPUs.");
            return first;
        }

        string count = numGpus == visible ? "all" : $"first {numGpus}";
        if (inventory.VisibilityRestricted)
        {
            console.Warn($"Smart GPU selection not supported when CUDA_VISIBLE_DEVICES is set. Will use {count} visible devices.");
            return first;
        }
        using IGpuMemoryProbe? probe = inventory.OpenMemoryProbe(out string? failure);
        if (probe is null)
        {
            console.Warn($"Unable to initialize NVML ({failure}); are you using non-NVIDIA GPUs? Will use {count} visible devices.");
            return first;
        }
        // The original asserts that the counts agree; without CUDA_VISIBLE_DEVICES they only differ on odd setups,
        // where NVML's indices cannot be trusted to be libtorch's.
        if (probe.InstalledCount != visible)
        {
            console.Warn($"NVML counts {probe.InstalledCount} GPUs but libtorch sees {visible}. Will use {count} visible devices.");
            return first;
        }

        long threshold;
        try
        {
            threshold = minMemory ?? (long)Math.Floor(0.9 * probe.Read().Min(g => g.Total));
        }
        catch (GpuQueryException e)
        {
            console.Warn($"Unable to query GPU memory: {e.Message}. Will use {count} visible devices.");
            return first;
        }
        for (int tries = 0; ; tries++)
        {
            try
            {
                var memory = probe.Read();
                // Most free memory first, ties by index, as the original's sort of (-free, index).
                int[] usable = [.. memory.Where(g => g.Free >= threshold).OrderByDescending(g => g.Free).ThenBy(g => g.Index).Select(g => g.Index)];
                if (usable.Length >= numGpus)
                {
                    int[] selection = [.. usable.Take(numGpus).Order()];
                    console.Out.WriteLine($"Using {selection.Length} of {visible} GPUs: [{string.Join(", ", selection)}]");
                    return selection;
                }
                if (tries == 0) console.Out.WriteLine(WhyWaiting(numGpus, threshold, minMemory is null, memory));
                if (tries % PollsPerMessage == 0)
                    console.Out.WriteLine($"Waiting for {numGpus} GPUs with at least {Gigabytes(threshold)} GB of free memory. " +
                                          $"{usable.Length} GPUs currently available.");
            }
            catch (GpuQueryException e)
            {
                console.Warn($"Unable to query GPU memory: {e.Message}. Will try again in {PollInterval.TotalSeconds:0} seconds.");
            }
            await _delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>B21: the original waited silently for up to 10 minutes before saying anything useful.</summary>
    private static string WhyWaiting(int numGpus, long threshold, bool defaultThreshold, IReadOnlyList<GpuMemory> memory)
    {
        string rule = defaultThreshold ? "the default --min_gpu_mem, 90 % of the smallest GPU's memory" : "--min_gpu_mem";
        string free = string.Join(", ", memory.Select(g => $"cuda:{g.Index} {Gigabytes(g.Free)} of {Gigabytes(g.Total)} GB"));
        return $"Fewer than {numGpus} GPUs have {Gigabytes(threshold)} GB free ({rule}); free now: {free}. " +
               $"Checking every {PollInterval.TotalSeconds:0} s until they do; lower --min_gpu_mem or --num_gpus, or press Ctrl-C to stop.";
    }

    private static string Gigabytes(long bytes) => (bytes / 1e9).ToString("F2", CultureInfo.InvariantCulture);

    private static CcsException NoCuda(DeviceRequest request) => new(ExitCode.BadInput, TorchRuntime.HasCudaLibTorch()
        ? $"--device {request}: no CUDA device is visible (check the NVIDIA driver and CUDA_VISIBLE_DEVICES)"
        : $"--device {request}: this ccs is the CPU build, which cannot use CUDA; build it with -p:TorchBackend=cuda (README, 'GPUs (CUDA)')");
}
