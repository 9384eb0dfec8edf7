using Ccs.Extraction;
using Ccs.Models;
using Ccs.Options;
using Ccs.Tests.Models;
using Ccs.Tokenization;
using Xunit.Abstractions;

namespace Ccs.Tests.Extraction;

/// <summary>
/// Batched extraction must give what the original's one-sequence-at-a-time forward passes give (spec 4.5), at
/// every token_loc, whatever the batch size and the padding side; and token_loc must pick exactly the states a
/// direct model call returns at the first and last position, or their mean. BERT numbers positions 0..T-1
/// whatever the mask (as transformers does), so MiniLM is only padded on the right, as extraction does.
/// </summary>
[Collection(ModelTestCollection.Name)]
public class PooledStatesTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5; // float32, only the summation order differs between shapes

    public static TheoryData<string, PaddingSide> Models() => new()
    {
        { "all-MiniLM-L6-v2", PaddingSide.Right }, { "tiny-roberta", PaddingSide.Right }, { "tiny-roberta", PaddingSide.Left },
    };

    /// <summary>MiniLM: real prompts through its tokenizer; tiny-roberta (no tokenizer): seeded ids framed by &lt;s&gt; … &lt;/s&gt;.</summary>
    private static (IHiddenStateModel Model, List<int[]> Sequences, int PadId) Inputs(string name)
    {
        if (name == "tiny-roberta")
        {
            var random = new Random(7);
            var sequences = Enumerable.Range(0, 11)
                .Select(i => (int[])[0, .. Enumerable.Range(0, 2 + 9 * i % 41).Select(_ => random.Next(3, 256)), 2]).ToList();
            return (ModelRuns.Model(ExtractionFixtures.TinyRoberta), sequences, 1);
        }
        var tokenizer = new PromptTokenizer(ExtractionFixtures.MiniLmTokenizer(), _ => { });
        var examples = ExtractionFixtures.ShortTexts(4).Select((t, i) => tokenizer.Tokenize(ExtractionFixtures.Example(i, 0, t), i));
        return (ModelRuns.Model(ExtractionFixtures.MiniLm), [.. examples.SelectMany(e => e.Choices.Select(c => c.Ids))], 0);
    }

    private static float[][] Pool(IHiddenStateModel model, List<int[]> sequences, TokenLoc loc, int? batchSize, PaddingSide side, int padId)
    {
        int[] layers = [.. Enumerable.Range(0, model.Config.NumHiddenStates)];
        var pooled = new PooledStates(model, layers, loc, padId, side);
        return pooled.Run(sequences, BatchPlan.Group([.. sequences.Select(s => s.Length)], batchSize, tokenBudget: 300));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Batches_give_the_one_at_a_time_states(string name, PaddingSide side)
    {
        var (model, sequences, padId) = Inputs(name);
        Assert.Contains(sequences, s => s.Length != sequences[0].Length);
        foreach (TokenLoc loc in Enum.GetValues<TokenLoc>())
        {
            float[][] alone = Pool(model, sequences, loc, batchSize: 1, PaddingSide.Right, padId);
            foreach (int? batchSize in new int?[] { null, 4, 64 })
            {
                float[][] batched = Pool(model, sequences, loc, batchSize, side, padId);
                double worst = MaxDifference(alone, batched);
                output.WriteLine($"{name} {loc} batch {batchSize?.ToString() ?? "auto"} {side}: max-abs {worst:0.0e+0}");
                Assert.InRange(worst, 0, Tolerance);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Token_loc_picks_the_direct_model_call_states(string name, PaddingSide side)
    {
        var (model, sequences, padId) = Inputs(name);
        int layers = model.Config.NumHiddenStates, d = model.Config.HiddenSize;
        var pooled = Enum.GetValues<TokenLoc>().ToDictionary(loc => loc, loc => Pool(model, sequences, loc, null, side, padId));
        double worst = 0;
        for (int i = 0; i < sequences.Count; i++)
        {
            long[] ids = [.. sequences[i].Select(x => (long)x)];
            long[] mask = [.. ids.Select(_ => 1L)];
            double[][,] direct = ModelRuns.Run(model, [ids], [mask])[0];
            for (int layer = 0; layer < layers; layer++)
            {
                var expected = new Dictionary<TokenLoc, double[]>
                {
                    [TokenLoc.First] = ModelRuns.Row(direct[layer], 0),
                    [TokenLoc.Last] = ModelRuns.Row(direct[layer], ids.Length - 1),
                    [TokenLoc.Mean] = ModelRuns.MaskedMean(direct[layer], mask),
                };
                foreach (var (loc, values) in expected)
                    for (int j = 0; j < d; j++)
                        worst = Math.Max(worst, Math.Abs(values[j] - pooled[loc][i][layer * d + j]));
            }
        }
        output.WriteLine($"{name} {side}: max-abs difference to direct calls {worst:0.0e+0}");
        Assert.InRange(worst, 0, Tolerance);
    }

    private static double MaxDifference(float[][] a, float[][] b)
    {
        double worst = 0;
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i].Length, b[i].Length);
            for (int j = 0; j < a[i].Length; j++) worst = Math.Max(worst, Math.Abs((double)a[i][j] - b[i][j]));
        }
        return worst;
    }
}
