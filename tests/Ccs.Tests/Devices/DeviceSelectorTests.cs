using Ccs.Devices;
using Ccs.Runs;

namespace Ccs.Tests.Devices;

/// <summary>
/// Spec 4.1's device selection (the original's <c>select_usable_devices</c>) on a fake machine: every branch, the
/// printed lines, and the memory wait, whose polls are counted instead of slept.
/// </summary>
public sealed class DeviceSelectorTests
{
    private const long Gb = 1_000_000_000;

    /// <summary>A machine with <paramref name="visible"/> CUDA devices and NVML reading from <see cref="Polls"/>.</summary>
    private sealed class FakeGpus(int visible, params GpuMemory[][] polls) : IGpuInventory, IGpuMemoryProbe
    {
        public int VisibleCount { get; } = visible;
        public bool VisibilityRestricted { get; init; }
        public string? NvmlFailure { get; init; }
        public int Reads { get; private set; }
        public int Opened { get; private set; }
        public bool ShutDown { get; private set; }
        public int InstalledCount { get; init; } = visible;

        public IGpuMemoryProbe? OpenMemoryProbe(out string? failure)
        {
            failure = NvmlFailure;
            if (failure is not null) return null;
            Opened++;
            return this;
        }

        /// <summary>The next poll's memory (the last one repeats); a null row is a failing query.</summary>
        public IReadOnlyList<GpuMemory> Read()
        {
            var poll = polls[Math.Min(Reads++, polls.Length - 1)];
            return poll ?? throw new GpuQueryException("GPU is lost");
        }

        public void Dispose() => ShutDown = true;
    }

    private static GpuMemory[] Free(long total, params long[] free) => [.. free.Select((f, i) => new GpuMemory(i, total, f))];

    private readonly StringWriter _out = new(), _err = new();
    private readonly List<TimeSpan> _waits = [];

    private async Task<DeviceSelection> Select(FakeGpus gpus, DeviceRequest device = default, int numGpus = -1, long? minGpuMem = null,
        CancellationToken cancellationToken = default)
    {
        var selector = new DeviceSelector(gpus, new CcsConsole(_out, _err, false), (wait, ct) =>
        {
            ct.ThrowIfCancellationRequested();
            _waits.Add(wait);
            return Task.CompletedTask;
        });
        return await selector.SelectAsync(new DeviceOptions(device, numGpus, minGpuMem), cancellationToken);
    }

    private string[] OutLines => _out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [InlineData(0, -1)]
    [InlineData(0, 3)]
    [InlineData(2, 0)]
    public async Task Auto_is_the_cpu_without_cuda_or_with_num_gpus_0(int visible, int numGpus)
    {
        var gpus = new FakeGpus(visible, Free(80 * Gb, 80 * Gb, 80 * Gb));
        Assert.True((await Select(gpus, numGpus: numGpus)).IsCpu);
        Assert.Equal(0, gpus.Opened);
        Assert.Equal("", _out.ToString() + _err);
    }

    [Fact]
    public async Task Cpu_is_the_cpu_whatever_the_gpus()
    {
        var selection = await Select(new FakeGpus(4, Free(80 * Gb, 80 * Gb)), DeviceRequest.Cpu, numGpus: 2);
        Assert.True(selection.IsCpu);
        Assert.Equal("cpu", selection.ToString());
    }

    [Fact]
    public async Task More_gpus_than_visible_is_the_originals_error()
    {
        var e = await Assert.ThrowsAsync<CcsException>(() => Select(new FakeGpus(2, Free(80 * Gb, 80 * Gb, 80 * Gb)), numGpus: 3));
        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.Equal("Requested 3 GPUs, but only 2 are visible.", e.Message);
    }

    [Fact]
    public async Task All_gpus_with_min_gpu_mem_0_skip_the_memory_check()
    {
        var gpus = new FakeGpus(3, Free(80 * Gb, 0, 0, 0));
        var selection = await Select(gpus, numGpus: -1, minGpuMem: 0);
        Assert.Equal([0, 1, 2], selection.Gpus);
        Assert.Equal(["Using all 3 GPUs."], OutLines);
        Assert.Equal(0, gpus.Opened);
    }

    [Theory]
    [InlineData(-1, "all")]
    [InlineData(2, "first 2")]
    public async Task Cuda_visible_devices_takes_the_first_ones_unchecked_with_a_warning(int numGpus, string count)
    {
        var gpus = new FakeGpus(3, Free(80 * Gb, 0, 0, 0)) { VisibilityRestricted = true };
        var selection = await Select(gpus, numGpus: numGpus);
        Assert.Equal(numGpus < 0 ? [0, 1, 2] : [0, 1], selection.Gpus);
        Assert.Equal($"warning: Smart GPU selection not supported when CUDA_VISIBLE_DEVICES is set. Will use {count} visible devices.\n", _err.ToString());
        Assert.Equal(0, gpus.Opened);
    }

    [Fact]
    public async Task Without_nvml_the_first_ones_are_taken_unchecked_with_a_warning()
    {
        var gpus = new FakeGpus(4, Free(80 * Gb, 0, 0, 0, 0)) { NvmlFailure = "libnvidia-ml.so.1 could not be loaded" };
        var selection = await Select(gpus, numGpus: 2);
        Assert.Equal([0, 1], selection.Gpus);
        Assert.Equal("warning: Unable to initialize NVML (libnvidia-ml.so.1 could not be loaded); are you using non-NVIDIA GPUs? " +
                     "Will use first 2 visible devices.\n", _err.ToString());
    }

    [Fact]
    public async Task The_gpus_with_most_free_memory_are_taken_and_listed_by_index()
    {
        // Default threshold: floor(0.9 * 80 GB) = 72 GB. GPUs 1, 2 and 3 qualify; 3 and 1 have the most free memory.
        var gpus = new FakeGpus(4, Free(80 * Gb, 79 * Gb, 76 * Gb, 72 * Gb, 78 * Gb));
        var selection = await Select(gpus, numGpus: 2);
        Assert.Equal([0, 3], selection.Gpus);
        Assert.Equal("cuda:0, cuda:3", selection.ToString());
        Assert.Equal(["Using 2 of 4 GPUs: [0, 3]"], OutLines);
        Assert.Empty(_waits);
        Assert.True(gpus.ShutDown);
    }

    [Fact]
    public async Task Ties_in_free_memory_go_to_the_lower_index_and_the_default_threshold_is_floor_of_90_percent()
    {
        // Smallest total 40 GB + 1 byte: the threshold is floor(0.9 * 40000000001) = 36000000000 (36000000000.9 floored).
        GpuMemory[] memory = [new(0, 80 * Gb, 36 * Gb - 1), new(1, 40 * Gb + 1, 36 * Gb), new(2, 80 * Gb, 36 * Gb), new(3, 80 * Gb, 36 * Gb)];
        var selection = await Select(new FakeGpus(4, memory), numGpus: 2);
        Assert.Equal([1, 2], selection.Gpus);
    }

    [Fact]
    public async Task All_visible_with_the_default_threshold_need_every_gpu_to_qualify()
    {
        var selection = await Select(new FakeGpus(2, Free(80 * Gb, 75 * Gb, 73 * Gb)));
        Assert.Equal([0, 1], selection.Gpus);
        Assert.Equal(["Using 2 of 2 GPUs: [0, 1]"], OutLines);
    }

    [Fact]
    public async Task Too_little_free_memory_waits_saying_why_at_once_then_every_60_polls_until_enough_is_free()
    {
        // Polls 0..129 find one usable GPU of the two asked for (--min_gpu_mem 30 GB); poll 130 finds two.
        var busy = Free(80 * Gb, 40 * Gb, 10 * Gb, 29 * Gb);
        var polls = Enumerable.Repeat(busy, 130).Append(Free(80 * Gb, 40 * Gb, 10 * Gb, 35 * Gb)).ToArray();
        var gpus = new FakeGpus(3, polls);
        var selection = await Select(gpus, numGpus: 2, minGpuMem: 30 * Gb);

        Assert.Equal([0, 2], selection.Gpus);
        Assert.Equal(130, _waits.Count);
        Assert.All(_waits, w => Assert.Equal(TimeSpan.FromSeconds(10), w));
        string waiting = "Waiting for 2 GPUs with at least 30.00 GB of free memory. 1 GPUs currently available.";
        Assert.Equal(
            [
                "Fewer than 2 GPUs have 30.00 GB free (--min_gpu_mem); free now: cuda:0 40.00 of 80.00 GB, cuda:1 10.00 of 80.00 GB, " +
                "cuda:2 29.00 of 80.00 GB. Checking every 10 s until they do; lower --min_gpu_mem or --num_gpus, or press Ctrl-C to stop.",
                waiting, waiting, waiting, "Using 2 of 3 GPUs: [0, 2]",
            ],
            OutLines);
        Assert.True(gpus.ShutDown);
    }

    [Fact]
    public async Task The_default_threshold_is_named_when_waiting()
    {
        // The first read gives the totals for the threshold; the second poll waits, the third selects.
        var polls = new[] { Free(80 * Gb, 70 * Gb), Free(80 * Gb, 70 * Gb), Free(80 * Gb, 73 * Gb) };
        await Select(new FakeGpus(1, polls));
        Assert.StartsWith("Fewer than 1 GPUs have 72.00 GB free (the default --min_gpu_mem, 90 % of the smallest GPU's memory); free now: cuda:0 70.00 of 80.00 GB.",
            OutLines[0]);
    }

    [Fact]
    public async Task A_failing_memory_query_is_retried_with_the_originals_warning()
    {
        var polls = new[] { null!, Free(80 * Gb, 80 * Gb) };
        var selection = await Select(new FakeGpus(1, polls), minGpuMem: Gb);
        Assert.Equal([0], selection.Gpus);
        Assert.Single(_waits);
        Assert.Equal("warning: Unable to query GPU memory: GPU is lost. Will try again in 10 seconds.\n", _err.ToString());
    }

    [Fact]
    public async Task The_wait_is_cancellable()
    {
        using var cancel = new CancellationTokenSource();
        var gpus = new FakeGpus(1, Free(80 * Gb, 0));
        var selector = new DeviceSelector(gpus, new CcsConsole(_out, _err, false), async (wait, ct) =>
        {
            if (_waits.Count == 2) await cancel.CancelAsync();
            _waits.Add(wait);
            ct.ThrowIfCancellationRequested();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => selector.SelectAsync(new DeviceOptions(DeviceRequest.Auto, 1, Gb), cancel.Token));
        Assert.Equal(3, _waits.Count);
        Assert.True(gpus.ShutDown);
    }

    [Fact]
    public async Task Nvml_and_libtorch_disagreeing_on_the_count_takes_the_first_ones()
    {
        var gpus = new FakeGpus(2, Free(80 * Gb, 0, 0, 0)) { InstalledCount = 3 };
        Assert.Equal([0], (await Select(gpus, numGpus: 1)).Gpus);
        Assert.Equal("warning: NVML counts 3 GPUs but libtorch sees 2. Will use first 1 visible devices.\n", _err.ToString());
    }

    [Fact]
    public async Task Cuda_selects_like_auto()
    {
        var selection = await Select(new FakeGpus(3, Free(80 * Gb, 10 * Gb, 79 * Gb, 75 * Gb)), new DeviceRequest(DeviceKind.Cuda), numGpus: 2);
        Assert.Equal([1, 2], selection.Gpus);
        Assert.Equal(["Using 2 of 3 GPUs: [1, 2]"], OutLines);
    }

    [Fact]
    public async Task Cuda_without_a_visible_device_names_the_cpu_build_and_the_switch()
    {
        var e = await Assert.ThrowsAsync<CcsException>(() => Select(new FakeGpus(0), new DeviceRequest(DeviceKind.Cuda)));
        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.Equal("--device cuda: this ccs is the CPU build, which cannot use CUDA; build it with -p:TorchBackend=cuda (README, 'GPUs (CUDA)')", e.Message);
    }

    [Fact]
    public async Task Cuda_n_is_that_device_alone_without_a_memory_check()
    {
        var gpus = new FakeGpus(4, Free(80 * Gb, 0, 0, 0, 0));
        var selection = await Select(gpus, new DeviceRequest(DeviceKind.Cuda, 2), numGpus: 1);
        Assert.Equal([2], selection.Gpus);
        Assert.Equal(["Using 1 of 4 GPUs: [2]"], OutLines);
        Assert.Equal(0, gpus.Opened);
    }

    [Fact]
    public async Task Cuda_n_beyond_the_visible_devices_is_an_error()
    {
        var e = await Assert.ThrowsAsync<CcsException>(() => Select(new FakeGpus(2), new DeviceRequest(DeviceKind.Cuda, 2)));
        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.Equal("--device cuda:2: only 2 CUDA devices are visible (cuda:0 to cuda:1)", e.Message);
    }
}

/// <summary>The real inventory of the machine the tests run on.</summary>
public sealed class SystemGpuInventoryTests
{
    [Fact]
    public void Nvml_opens_and_reads_every_gpu_or_says_why_not()
    {
        using var probe = NvmlMemoryProbe.TryOpen(out string? failure);
        if (probe is null)
        {
            Assert.False(string.IsNullOrEmpty(failure));
            return;
        }
        Assert.Null(failure);
        var memory = probe.Read();
        Assert.Equal(Enumerable.Range(0, probe.InstalledCount), memory.Select(g => g.Index));
        Assert.All(memory, g => Assert.InRange(g.Free, 0, g.Total));
    }

    [Fact]
    public async Task Auto_selection_on_this_machine_matches_what_libtorch_sees()
    {
        var selection = await new DeviceSelector(SystemGpuInventory.Instance, new CcsConsole(TextWriter.Null, TextWriter.Null, false))
            .SelectAsync(new DeviceOptions(DeviceRequest.Auto, -1, 0));
        Assert.Equal(TorchSharp.torch.cuda.is_available() ? TorchSharp.torch.cuda.device_count() : 0, selection.Gpus.Count);
    }
}
