using System.CommandLine;
using Ccs.Cli.Parsing;
using Ccs.Devices;

namespace Ccs.Cli.Commands;

/// <summary><c>--device</c>, <c>--num_gpus</c> and <c>--min_gpu_mem</c>: where extraction runs (spec 4.1).</summary>
internal sealed class DeviceOptionSet
{
    private readonly Option<string> _device = Flags.Value("--device",
        "Where the model runs: auto = the original's choice (the GPUs picked by --num_gpus and --min_gpu_mem when CUDA is " +
        "visible, else the CPU); cpu; cuda = GPUs picked as auto, an error without one; cuda:N = GPU N alone. Each selected " +
        "GPU holds a model replica and they extract parts of a split side by side; the cache is the same whatever the devices " +
        "(the original's per-GPU processes changed its rows). Reporters are always fitted on the CPU, whose seeded random " +
        "streams are the original's (spec 7)", "auto", "auto|cpu|cuda|cuda:N");
    private readonly Option<long?> _minGpuMem = Flags.Optional<long?>("--min_gpu_mem",
        "Minimum free memory per GPU in bytes; fewer GPUs with that much free than --num_gpus asks for means waiting, " +
        "checking every 10 s (default: 90 % of the smallest GPU)", "BYTES");
    private readonly Option<int> _numGpus = Flags.Value("--num_gpus",
        "Number of GPUs to use: -1 = all visible, 0 = CPU; the ones with the most free memory are taken", -1);

    public IEnumerable<Option> Options => [_minGpuMem, _numGpus, _device];

    public DeviceOptions Bind(ParseResult result)
    {
        long? minGpuMem = result.GetValue(_minGpuMem);
        if (minGpuMem < 0) throw new UsageException($"--min_gpu_mem must not be negative (got {minGpuMem})");
        string text = result.GetValue(_device)!;
        DeviceRequest device = DeviceRequest.TryParse(text)
            ?? throw new UsageException($"--device must be auto, cpu, cuda or cuda:N with N a GPU index (got '{text}')");
        int numGpus = result.GetValue(_numGpus);
        if (device.Index is not null && numGpus is not (-1 or 1))
            throw new UsageException($"--device {device} is one GPU, but --num_gpus {numGpus} asks for {(numGpus == 0 ? "the CPU" : $"{numGpus}")}");
        if (device is { Kind: DeviceKind.Cuda, Index: null } && numGpus == 0)
            throw new UsageException("--device cuda cannot use --num_gpus 0, which means the CPU");
        return new DeviceOptions(device, numGpus, minGpuMem);
    }
}
