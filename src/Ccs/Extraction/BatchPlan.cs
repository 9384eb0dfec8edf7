namespace Ccs.Extraction;

/// <summary>
/// Groups sequences into forward passes by length, so that little padding is computed: sequences are sorted
/// (longest first, ties in input order) and cut into consecutive batches. The grouping depends only on the
/// lengths, so the same window always gives the same batches.
/// </summary>
public static class BatchPlan
{
    /// <summary>Tokens (batch × padded length) per forward pass when no batch size is given.</summary>
    public const int DefaultTokenBudget = 4096;

    /// <summary>
    /// The budget on CPU, measured with <c>ccs bench</c>: a CPU is compute-bound already at batch size 1, and larger
    /// batches only add padding and activations that spill out of the caches, so only short sequences are grouped.
    /// </summary>
    public const int CpuTokenBudget = 512;

    /// <param name="batchSize">At most this many sequences per batch; null: as many as fit <paramref name="tokenBudget"/>.</param>
    public static IReadOnlyList<int[]> Group(IReadOnlyList<int> lengths, int? batchSize, int tokenBudget = DefaultTokenBudget)
    {
        if (batchSize is < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), "the batch size must be positive");
        int[] order = [.. Enumerable.Range(0, lengths.Count).OrderByDescending(i => lengths[i]).ThenBy(i => i)];
        var batches = new List<int[]>();
        int start = 0;
        while (start < order.Length)
        {
            int longest = Math.Max(1, lengths[order[start]]);
            int size = batchSize ?? Math.Max(1, tokenBudget / longest);
            size = Math.Min(size, order.Length - start);
            batches.Add(order[start..(start + size)]);
            start += size;
        }
        return batches;
    }
}
