using Ccs.Extraction;

namespace Ccs.Tests.Extraction;

public class BatchPlanTests
{
    private static readonly int[] Lengths = [5, 40, 7, 40, 12, 3, 300, 600, 9, 11];

    [Fact]
    public void Every_sequence_is_in_exactly_one_batch_sorted_by_length()
    {
        var batches = BatchPlan.Group(Lengths, batchSize: null, tokenBudget: 100);
        Assert.Equal(Enumerable.Range(0, Lengths.Length), batches.SelectMany(b => b).Order());
        Assert.Equal([7], batches[0]);             // 600 tokens alone, over budget but never dropped
        Assert.Equal([6], batches[1]);
        Assert.Equal([1, 3], batches[2]);          // equal lengths keep input order
        Assert.All(batches.Skip(2), b => Assert.True(b.Length * b.Max(i => Lengths[i]) <= 100));
    }

    [Fact]
    public void A_batch_size_caps_the_sequences_per_batch()
    {
        var batches = BatchPlan.Group(Lengths, batchSize: 3);
        Assert.Equal([3, 3, 3, 1], batches.Select(b => b.Length));
        Assert.Equal([7, 6, 1], batches[0]);
    }
}
