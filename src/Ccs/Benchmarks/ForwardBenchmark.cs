using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ccs.Devices;
using Ccs.Hub;
using Ccs.Models;
using Ccs.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Benchmarks;

/// <summary>Options of <c>ccs bench forward</c>.</summary>
/// <param name="Model">A local model folder or a hub id (resolved through the Hugging Face cache).</param>
/// <param name="DTypes">Float types to run, e.g. float32 and bfloat16.</param>
public sealed record ForwardBenchmarkOptions(string Model, int Batch, int Sequence, IReadOnlyList<ScalarType> DTypes, int Repeats);

/// <summary>One measured configuration.</summary>
public sealed record ForwardMeasurement(
    string DType, double LoadSeconds, double ForwardSeconds, double TokensPerSecond, double AchievedGflops, double MatmulPeakGflops)
{
    public double PeakRatio => AchievedGflops / MatmulPeakGflops;
}

/// <summary>
/// <c>ccs bench forward</c>: model load time and forward throughput (all hidden states) on random token ids at a
/// fixed batch × sequence, beside the machine's matmul peak for the same dtype measured in the same run.
/// FLOPs are counted by <see cref="ModelFlops"/>.
/// </summary>
public static class ForwardBenchmark
{
    public static async Task<int> RunAsync(ForwardBenchmarkOptions options, CcsConsole console, CancellationToken cancellationToken)
    {
        bool random = RandomModels.IsRandom(options.Model);
        string folder;
        if (random) folder = RandomModels.ConfigFolder(options.Model);
        else
        {
            using var hub = HubFiles.FromEnvironment(console.Warn);
            folder = (await ModelLocator.LocateAsync(options.Model, hub, cancellationToken)).Path;
        }
        string label = options.Model;
        options = options with { Model = folder };
        var config = PretrainedModel.ReadConfig(options.Model);
        console.Out.WriteLine($"model: {label}{(random ? " (random weights)" : "")} ({config.ModelType}, {config.NumHiddenLayers} layers, d={config.HiddenSize}); " +
                              $"batch {options.Batch} × {options.Sequence} tokens; {torch.get_num_threads()} threads");
        var results = new List<ForwardMeasurement>();
        foreach (var dtype in options.DTypes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(Measure(options, dtype, random, cancellationToken));
        }

        console.Out.WriteLine();
        console.Out.WriteLine($"{"dtype",-9}{"load s",8}{"forward s",11}{"tokens/s",11}{"GFLOP/s",9}{"matmul peak",13}{"ratio",7}");
        foreach (var r in results)
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.DType,-9}{r.LoadSeconds,8:F2}{r.ForwardSeconds,11:F3}{r.TokensPerSecond,11:F0}{r.AchievedGflops,9:F1}{r.MatmulPeakGflops,13:F1}{r.PeakRatio,7:F2}"));
        console.Out.WriteLine(JsonSerializer.Serialize(new
        {
            model = label,
            model_type = config.ModelType,
            batch = options.Batch,
            sequence = options.Sequence,
            results = results.Select(r => new
            {
                dtype = r.DType,
                load_s = r.LoadSeconds,
                forward_s = r.ForwardSeconds,
                tokens_per_s = r.TokensPerSecond,
                achieved_gflops = r.AchievedGflops,
                matmul_peak_gflops = r.MatmulPeakGflops,
                peak_ratio = r.PeakRatio,
            }),
        }));
        return ExitCode.Success;
    }

    private static ForwardMeasurement Measure(ForwardBenchmarkOptions options, ScalarType dtype, bool random, CancellationToken cancellationToken)
    {
        var load = Stopwatch.StartNew();
        var placement = new ModelPlacement(CPU, dtype);
        using var model = random ? RandomModels.Create(options.Model, placement) : PretrainedModel.Load(options.Model, placement);
        double loadSeconds = load.Elapsed.TotalSeconds;
        double flops = new ModelFlops(model).Sequence(options.Sequence) * options.Batch;

        // Random ids below the vocabulary size (and below 1000, clear of special and added tokens in real models).
        int vocabulary = Math.Min(1000, ConfigJson.Read(Path.Combine(options.Model, PretrainedModel.ConfigFile)).Int("vocab_size", 1000));
        var generator = new Generator(42);
        using var ids = randint(0, vocabulary, [options.Batch, options.Sequence], generator: generator, dtype: ScalarType.Int64);
        using var mask = ones([options.Batch, options.Sequence], dtype: ScalarType.Int64);
        var seconds = new List<double>();
        for (int i = 0; i <= options.Repeats; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var watch = Stopwatch.StartNew();
            _ = model.HiddenStates(ids, mask);
            if (i > 0) seconds.Add(watch.Elapsed.TotalSeconds);   // the first run warms up
        }
        seconds.Sort();
        double median = seconds[seconds.Count / 2];
        double peak = MatmulPeak.Measure(dtype);
        return new ForwardMeasurement(Name(dtype), loadSeconds, median, options.Batch * options.Sequence / median, flops / median / 1e9, peak);
    }

    public static string Name(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Float16 => "float16",
        _ => dtype.ToString(),
    };
}
