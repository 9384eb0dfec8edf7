using Ccs.Extraction;
using Ccs.Models;
using Ccs.Models.Decoding;
using Ccs.Models.T5;
using Ccs.Options;
using Ccs.Tests.Models;
using Ccs.Tokenization;
using Xunit.Abstractions;

namespace Ccs.Tests.Extraction;

/// <summary>
/// The extraction passes of generative models agree with the original's one-sequence-at-a-time method
/// (spec 4.5): full sequences give the same pooled states and LM log-odds at batch 1 and in batches, padded
/// on either side; the shared-prefix pass gives what full sequences give, at every token_loc, with several
/// questions of different lengths per batch (longer than Mistral's sliding window too), several answers per
/// question, and choices of one variant with different questions. T5's batched encoder-decoder pass equals
/// one question at a time. Bound: 1e-5 (float32) of max(1, the largest |value| of the vector): the residual
/// stream reaches values in the tens (T5's unscaled attention, Qwen2's biases), where float32 rounding of
/// differently shaped matrix products differs by more than 1e-5 in absolute terms.
/// </summary>
[Collection(ModelTestCollection.Name)]
public class DecoderPassTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string> Decoders() =>
        new(HiddenStateReference.SupportedFiles()
            .Where(f => HiddenStateReference.Load(f).Cases.All(c => c.Answer is not null && c.DecoderInputIds is null))
            .Select(HiddenStateReference.ModelFolderOf).Distinct());

    /// <summary>Seeded questions of 1 to 27 tokens (two of equal length) with two or three answers of 1 to 4 tokens; one variant per question pair.</summary>
    private static List<ChoiceTokens> Choices(int vocabulary, int seed = 5)
    {
        var random = new Random(seed);
        int[] Ids(int count) => [.. Enumerable.Range(0, count).Select(_ => random.Next(3, vocabulary))];
        var choices = new List<ChoiceTokens>();
        foreach (int length in new[] { 9, 1, 27, 3, 20, 9 })
        {
            int[] question = Ids(length);
            for (int a = 0, answers = 2 + length % 2; a < answers; a++) choices.Add(new ChoiceTokens(question, Ids(1 + (length + a) % 4)));
        }
        // A variant whose choices have different questions (the second extends the first).
        int[] asked = Ids(6);
        choices.Add(new ChoiceTokens(asked, Ids(2)));
        choices.Add(new ChoiceTokens([.. asked, .. Ids(3)], Ids(1)));
        return choices;
    }

    private static int Vocabulary(IHiddenStateModel model) => model.Config switch
    {
        T5Config t5 => t5.VocabSize,
        _ => 256, // every tiny decoder's vocabulary
    };

    [Theory]
    [MemberData(nameof(Decoders))]
    public void Shared_prefix_and_batched_full_sequences_equal_one_sequence_at_a_time(string modelFolder)
    {
        var model = Assert.IsAssignableFrom<CausalLanguageModel>(ModelRuns.Model(System.IO.Path.Combine(HiddenStateReference.ModelsRoot, modelFolder)));
        var choices = Choices(Vocabulary(model));
        int[] layers = [.. Enumerable.Range(0, model.Config.NumHiddenStates)];
        double worstFull = 0, worstShared = 0;
        foreach (TokenLoc loc in Enum.GetValues<TokenLoc>())
        {
            PooledStates Full(int? batchSize, PaddingSide side) => new(model, layers, loc, padId: 0, side, batchSize, tokenBudget: 60, scoreAnswers: true);
            var alone = Full(batchSize: 1, PaddingSide.Right).Run(choices);
            foreach (var (batchSize, side) in new (int?, PaddingSide)[] { (null, PaddingSide.Left), (64, PaddingSide.Right) })
                worstFull = Math.Max(worstFull, MaxDifference(alone, Full(batchSize, side).Run(choices), model.Config.HiddenSize));
            foreach (int? batchSize in new int?[] { null, 2 })
            {
                var shared = new SharedPrefixStates(model, layers, loc, Full(null, PaddingSide.Right), batchSize, tokenBudget: 60, scoreAnswers: true);
                worstShared = Math.Max(worstShared, MaxDifference(alone, shared.Run(choices), model.Config.HiddenSize));
            }
        }
        output.WriteLine($"{modelFolder}: batched/padded full sequences vs batch 1 max {worstFull:0.0e+0}; shared prefix vs batch 1 max {worstShared:0.0e+0}");
        Assert.InRange(worstFull, 0, Tolerance);
        Assert.InRange(worstShared, 0, Tolerance);
    }

    [Fact]
    public void T5_batched_encoder_decoder_pass_equals_one_question_at_a_time()
    {
        var model = Assert.IsType<T5Model>(ModelRuns.Model(System.IO.Path.Combine(HiddenStateReference.ModelsRoot, "tiny-t5")));
        // Encoder-decoder targets end with </s> (1), as the tokenizer's text_target gives them.
        var choices = Choices(Vocabulary(model), seed: 11).Select(c => c with { Answer = [.. c.Answer, 1] }).ToList();
        int[] layers = [.. Enumerable.Range(0, model.Config.NumHiddenStates)];
        double worst = 0;
        foreach (TokenLoc loc in Enum.GetValues<TokenLoc>())
        {
            var alone = new EncoderDecoderStates(model, layers, loc, batchSize: 1, scoreAnswers: true).Run(choices);
            var batched = new EncoderDecoderStates(model, layers, loc, batchSize: null, tokenBudget: 60, scoreAnswers: true).Run(choices);
            worst = Math.Max(worst, MaxDifference(alone, batched, model.Config.HiddenSize));
        }
        output.WriteLine($"tiny-t5: batched vs one question at a time max {worst:0.0e+0}");
        // tiny-t5 is the float32-sensitive model of the set (models/README.md: unscaled attention).
        Assert.InRange(worst, 0, 5 * Tolerance);
    }

    /// <summary>
    /// The largest difference of pooled states, relative to max(1, the largest |value| of that choice's layer
    /// vector), and of log-odds, relative to max(1, |value|).
    /// </summary>
    private static double MaxDifference(IReadOnlyList<ChoiceStates> expected, IReadOnlyList<ChoiceStates> actual, int hiddenSize)
    {
        Assert.Equal(expected.Count, actual.Count);
        double worst = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            float[] e = expected[i].Pooled, a = actual[i].Pooled;
            Assert.Equal(e.Length, a.Length);
            for (int start = 0; start < e.Length; start += hiddenSize)
            {
                double scale = Math.Max(1, e.Skip(start).Take(hiddenSize).Max(v => Math.Abs((double)v)));
                for (int j = start; j < start + hiddenSize; j++) worst = Math.Max(worst, Difference(e[j], a[j]) / scale);
            }
            float logOdds = expected[i].LogOdds!.Value;
            worst = Math.Max(worst, Difference(logOdds, actual[i].LogOdds!.Value) / Math.Max(1, Math.Abs((double)logOdds)));
        }
        return worst;
    }

    private static double Difference(float expected, float actual) =>
        double.IsFinite(actual) ? Math.Abs((double)expected - actual) : double.PositiveInfinity;
}
