using Ccs.Caching;

namespace Ccs.Runs;

/// <summary>
/// <c>--prompt_indices</c> (spec 2.5.3): positions into the name-sorted template list, Python indexing (negatives
/// count from the end, duplicates allowed). Unlike the original, which filtered only the hidden states (10.B5), the
/// selection applies to hidden states, LM log-odds, texts and variant ids alike.
/// </summary>
public static class PromptSelection
{
    public static ExtractedSplit Apply(ExtractedSplit split, IReadOnlyList<int> indices)
    {
        if (indices.Count == 0) return split;
        int v = split.Shape.Variants;
        int[] positions = [.. indices.Select(i => i >= -v && i < v
            ? (i < 0 ? i + v : i)
            : throw new CcsException(ExitCode.BadInput,
                $"--prompt_indices: index {i} is out of range for {split.Dataset}, which has {v} templates"))];
        int k = split.Shape.Choices, d = split.Shape.HiddenSize;
        var examples = split.Examples.Select(e => e with
        {
            VariantIds = [.. positions.Select(p => e.VariantIds[p])],
            Texts = [.. positions.Select(p => e.Texts[p])],
            LmLogOdds = e.LmLogOdds is null ? null : Pick(e.LmLogOdds, positions, k),
            Hidden = e.Hidden.ToDictionary(kv => kv.Key, kv => Pick(kv.Value, positions, k * d)),
        }).ToList();
        return split with { Shape = split.Shape with { Variants = positions.Length }, Examples = examples };
    }

    /// <summary>The variant blocks (each <paramref name="blockSize"/> values, variant-major) at the given positions.</summary>
    private static float[] Pick(float[] values, int[] positions, int blockSize)
    {
        var result = new float[positions.Length * blockSize];
        for (int i = 0; i < positions.Length; i++)
            Array.Copy(values, positions[i] * blockSize, result, i * blockSize, blockSize);
        return result;
    }
}
