using System.Collections.Concurrent;

namespace Ccs.Metrics;

/// <summary>
/// The original's bootstrap (ccs/metrics/accuracy.py, roc_auc.py): 1000 resamples of the N clusters (examples) drawn
/// by <c>torch.randint(0, N, (1000, N))</c> from a CPU generator seeded 42 afresh for every call, so every metric with
/// the same N uses the same resamples; bounds are the float32 <c>nanquantile</c> at 0.025 and 0.975 (spec 6.3).
/// </summary>
public static class ClusterBootstrap
{
    public const int Resamples = 1000;
    public const int Seed = 42;
    private const float LowerLevel = 0.025f, UpperLevel = 0.975f;   // (1 − 0.95) / 2 as float32

    private static readonly ConcurrentDictionary<int, int[]> IndexCache = new();

    /// <summary>Row-major <c>(1000, N)</c> resample indices; resample b uses row b.</summary>
    public static int[] Indices(int clusters) => IndexCache.GetOrAdd(clusters, n =>
    {
        var rng = new TorchCpuRandom(Seed);
        var idx = new int[Resamples * n];
        for (int i = 0; i < idx.Length; i++) idx[i] = rng.NextBelow(n);
        return idx;
    });

    /// <summary>How often each cluster occurs in resample <paramref name="resample"/>.</summary>
    public static void Counts(int[] indices, int clusters, int resample, int[] counts)
    {
        Array.Clear(counts);
        int start = resample * clusters;
        for (int k = 0; k < clusters; k++) counts[indices[start + k]]++;
    }

    /// <summary>The interval bounds of the 1000 resampled values (NaNs ignored).</summary>
    public static (double Lower, double Upper) Bounds(float[] resampledValues) =>
        (TorchQuantile.NanQuantile(resampledValues, LowerLevel), TorchQuantile.NanQuantile(resampledValues, UpperLevel));
}
