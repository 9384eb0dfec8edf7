using Ccs.Caching;
using Ccs.Extraction;
using Ccs.Options;
using static TorchSharp.torch;

namespace Ccs.Benchmarks;

/// <summary>One way of running the extraction engine: its settings and the model's dtype.</summary>
/// <param name="Name">For the table and the JSON line, e.g. <c>batched-bfloat16</c>.</param>
public sealed record BenchConfiguration(string Name, string Description, ExtractionSettings Settings, ScalarType DType)
{
    /// <summary>The configuration the others are compared with and checked against: the original's method.</summary>
    public const string OriginalName = "batch1-float32";

    /// <summary>The engine's shared-prefix path in float32 (decoders): <c>prefix_examples_per_s</c>.</summary>
    public const string PrefixName = "prefix-float32";

    /// <summary>
    /// What <c>ccs bench</c> compares, all extracting every layer at the original's default token (last) into float32
    /// storage, so the comparison sees the model's own rounding only: the original's method (batch size 1, float32,
    /// every choice run in full), the engine's automatic length-sorted batching of full sequences under the CPU token
    /// budget that <c>ccs extract</c> uses (the benchmark runs on the CPU), both in bfloat16, and for decoders the
    /// shared-prefix path (each question once, with all its answers packed behind it in one row) in both dtypes.
    /// </summary>
    public static IReadOnlyList<BenchConfiguration> All(int layerCount, bool decoder)
    {
        int[] layers = [.. Enumerable.Range(0, layerCount + 1)];
        ExtractionSettings Settings(int? batchSize, bool sharedPrefix = false) => new(layers, TokenLoc.Last, HiddenStorage.Float32,
            BatchSize: batchSize, DisableCache: true, TokenBudget: BatchPlan.CpuTokenBudget, SharedPrefix: sharedPrefix);
        List<BenchConfiguration> all =
        [
            new(OriginalName, "original's method (batch 1)", Settings(1), ScalarType.Float32),
            new("batched-float32", "batched (auto)", Settings(null), ScalarType.Float32),
            new("batch1-bfloat16", "batch 1", Settings(1), ScalarType.BFloat16),
            new("batched-bfloat16", "batched (auto)", Settings(null), ScalarType.BFloat16),
        ];
        if (decoder)
        {
            all.Add(new(PrefixName, "shared prefix, batched (auto)", Settings(null, sharedPrefix: true), ScalarType.Float32));
            all.Add(new("prefix-bfloat16", "shared prefix, batched (auto)", Settings(null, sharedPrefix: true), ScalarType.BFloat16));
        }
        return all;
    }
}
