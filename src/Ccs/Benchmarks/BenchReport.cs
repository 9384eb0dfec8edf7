using System.Globalization;
using System.Text.Json;
using static TorchSharp.torch;

namespace Ccs.Benchmarks;

/// <summary>
/// What <c>ccs bench</c> prints: a table, then exactly one JSON line (the last line) with the keys of issue 10's
/// benchmark. Ratios are to the original's method and to the matmul peak of the configuration's dtype.
/// </summary>
public sealed record BenchReport(
    BenchWorkload Workload, bool Decoder, int Examples, int Sequences, long Tokens,
    double MatmulPeakFloat32, double MatmulPeakBFloat16, IReadOnlyList<BenchResult> Results)
{
    private BenchResult Original => Results.Single(r => r.Configuration.Name == BenchConfiguration.OriginalName);

    /// <summary>The fastest configuration whose hidden states pass the parity check (the original's always does).</summary>
    public BenchResult Best => Results.Where(r => r.Parity.Passes).MaxBy(r => r.ExamplesPerSecond)!;

    /// <summary>The shared-prefix path in float32; null for encoders.</summary>
    private BenchResult? Prefix => Results.SingleOrDefault(r => r.Configuration.Name == BenchConfiguration.PrefixName);

    private double Peak(ScalarType dtype) => dtype == ScalarType.BFloat16 ? MatmulPeakBFloat16 : MatmulPeakFloat32;

    private BenchResult Fastest(Func<BenchResult, bool> which) => Results.Where(which).MaxBy(r => r.ExamplesPerSecond)!;

    public void Write(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c,
            $"model: {Workload.ModelLabel}{(Workload.RandomWeights ? " (random weights)" : "")} ({Workload.Config.ModelType}, " +
            $"{Workload.Config.NumHiddenLayers} layers, d={Workload.Config.HiddenSize}); data: {Workload.DatasetLabel}; " +
            $"{Examples} examples, {Sequences} sequences, {Tokens} tokens (mean {(double)Tokens / Math.Max(1, Sequences):F1}); " +
            $"{get_num_threads()} threads"));
        output.WriteLine();
        output.WriteLine($"{"configuration",-18}{"dtype",-10}{"batching",-30}{"examples/s",11}{"GFLOP/s",9}{"of peak",9}{"speed-up",10}  hidden states vs original (max err/|max|, min cos)");
        foreach (var r in Results)
        {
            string parity = string.Create(c, $"{r.Parity.WorstRelativeError:0.0000}, {r.Parity.WorstCosine:0.00000} {(r.Parity.Passes ? "pass" : "FAIL")}");
            output.WriteLine(string.Create(c,
                $"{r.Configuration.Name,-18}{ForwardBenchmark.Name(r.Configuration.DType),-10}{r.Configuration.Description,-30}" +
                $"{r.ExamplesPerSecond,11:F2}{r.Gflops,9:F1}{r.Gflops / Peak(r.Configuration.DType),9:P0}" +
                $"{r.ExamplesPerSecond / Original.ExamplesPerSecond,9:F2}×  {parity}"));
        }
        output.WriteLine(string.Create(c,
            $"matmul peak (1024³, same run): float32 {MatmulPeakFloat32:F1} GFLOP/s, bfloat16 {MatmulPeakBFloat16:F1} GFLOP/s"));
        output.WriteLine(string.Create(c,
            $"best: {Best.Configuration.Name}, {Best.ExamplesPerSecond / Original.ExamplesPerSecond:F2}× the original's method " +
            $"(parity rule: max err ≤ {Best.Parity.MaxRelativeError} × max |value| per layer, cosine ≥ {Best.Parity.MinCosine})"));
        output.WriteLine(JsonSerializer.Serialize(Json()));
    }

    private object Json()
    {
        var batched = Results.Single(r => r.Configuration.Name == "batched-float32");
        var bf16 = Fastest(r => r.Configuration.DType == ScalarType.BFloat16);
        return new
        {
            model = Workload.ModelLabel,
            model_type = Workload.Config.ModelType,
            dataset = Workload.DatasetLabel,
            examples = Examples,
            sequences = Sequences,
            tokens = Tokens,
            threads = get_num_threads(),
            batch1_examples_per_s = Original.ExamplesPerSecond,
            batched_examples_per_s = batched.ExamplesPerSecond,
            bf16_examples_per_s = bf16.ExamplesPerSecond,
            prefix_examples_per_s = Prefix?.ExamplesPerSecond,
            prefix_speedup_vs_batched = Prefix is { } prefix ? prefix.ExamplesPerSecond / batched.ExamplesPerSecond : (double?)null,
            best_examples_per_s = Best.ExamplesPerSecond,
            best_config = Best.Configuration.Name,
            best_speedup = Best.ExamplesPerSecond / Original.ExamplesPerSecond,
            dtype = ForwardBenchmark.Name(Best.Configuration.DType),
            achieved_gflops = Best.Gflops,
            fp32_achieved_gflops = Fastest(r => r.Configuration.DType == ScalarType.Float32).Gflops,
            matmul_peak_gflops = MatmulPeakFloat32,
            bf16_matmul_peak_gflops = MatmulPeakBFloat16,
            configs = Results.Select(r => new
            {
                name = r.Configuration.Name,
                dtype = ForwardBenchmark.Name(r.Configuration.DType),
                batch_size = r.Configuration.Settings.BatchSize,
                token_budget = r.Configuration.Settings.BatchSize is null ? r.Configuration.Settings.TokenBudget : (int?)null,
                seconds = r.Seconds,
                examples_per_s = r.ExamplesPerSecond,
                achieved_gflops = r.Gflops,
                peak_ratio = r.Gflops / Peak(r.Configuration.DType),
                max_relative_error = r.Parity.WorstRelativeError,
                min_cosine = r.Parity.WorstCosine,
                parity = r.Parity.Passes,
            }),
        };
    }
}
