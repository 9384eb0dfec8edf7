namespace Ccs.Metrics;

/// <summary>
/// <c>torch.quantile</c> / <c>nanquantile</c> with linear interpolation, in float32 as ATen computes it
/// (aten/src/ATen/native/Sorting.cpp, <c>quantile_compute</c>): rank <c>q·(m − 1)</c> in float32 among the m sorted
/// non-NaN values, then <c>lerp</c>.
/// </summary>
public static class TorchQuantile
{
    /// <summary>The q-quantile of the non-NaN values (NaN when there are none).</summary>
    public static float NanQuantile(ReadOnlySpan<float> values, float q)
    {
        var valid = new List<float>(values.Length);
        foreach (float v in values) if (!float.IsNaN(v)) valid.Add(v);
        if (valid.Count == 0) return float.NaN;
        valid.Sort();
        return OfSorted(valid, q);
    }

    /// <summary>The q-quantile of already sorted values without NaN.</summary>
    public static float OfSorted(IReadOnlyList<float> sorted, float q)
    {
        float rank = q * (sorted.Count - 1);
        int below = (int)rank;
        int above = (int)MathF.Ceiling(rank);
        return Lerp(sorted[below], sorted[above], rank - below);
    }

    /// <summary>ATen's <c>lerp</c>: exact at both ends, from the nearer end in between.</summary>
    public static float Lerp(float start, float end, float weight) =>
        weight < 0.5f ? start + weight * (end - start) : end - (end - start) * (1f - weight);
}
