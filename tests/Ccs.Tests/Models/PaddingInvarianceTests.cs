using Ccs.Models;
using Xunit.Abstractions;

namespace Ccs.Tests.Models;

/// <summary>
/// Padding must not change the real tokens' results (models/README.md): every padded row of the reference
/// batches, run alone without its padding, gives the hidden states it got inside the batch, at every real
/// position and every layer.
/// </summary>
[Collection(ModelTestCollection.Name)]
public class PaddingInvarianceTests(ITestOutputHelper output)
{
    // Same float32 arithmetic on differently shaped matrices: only the summation order may differ, so the
    // bound is 1e-5 of each layer's largest |value| (at least 1e-5): T5's unscaled attention gives values in the tens.
    private const double Tolerance = 1e-5;

    public static TheoryData<string> PaddedReferenceFiles() =>
        new(HiddenStateReference.SupportedFiles().Where(f => HiddenStateReference.Load(f).Cases.Any(c => c.PaddingSide != "none")));

    [Theory]
    [MemberData(nameof(PaddedReferenceFiles))]
    public void A_padded_row_equals_the_sequence_run_alone(string referenceFile)
    {
        var reference = HiddenStateReference.Load(referenceFile);
        var model = ModelRuns.Model(reference.ModelFolder);
        double worst = 0;
        foreach (var batch in reference.Cases.Where(c => c.PaddingSide != "none").GroupBy(c => c.Batch))
        {
            var cases = batch.ToList();
            var batched = ModelRuns.Run(model, cases.Select(c => c.InputIds).ToList(), cases.Select(c => c.AttentionMask).ToList());
            for (int row = 0; row < cases.Count; row++)
            {
                var c = cases[row];
                int start = c.FirstReal, count = c.LastReal - c.FirstReal + 1;
                Assert.Equal(count, c.AttentionMask.Count(m => m == 1));   // one contiguous run of real tokens
                var alone = ModelRuns.Run(model, [c.InputIds[start..(start + count)]], [Enumerable.Repeat(1L, count).ToArray()])[0];
                for (int layer = 0; layer < alone.Length; layer++)
                {
                    double scale = Math.Max(1, alone[layer].Cast<double>().Max(Math.Abs));
                    for (int t = 0; t < count; t++)
                    for (int j = 0; j < alone[layer].GetLength(1); j++)
                        worst = Math.Max(worst, Math.Abs(alone[layer][t, j] - batched[row][layer][start + t, j]) / scale);
                }
            }
        }
        output.WriteLine($"{referenceFile}: max-abs difference padded vs alone, relative to the layer's largest |value| (at least 1), {worst:0.0e+0}");
        Assert.InRange(worst, 0, Tolerance);
    }
}
