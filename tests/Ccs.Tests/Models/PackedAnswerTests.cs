using Ccs.Models;
using Ccs.Models.Decoding;
using Ccs.Models.T5;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Ccs.Tests.Models;

/// <summary>
/// <see cref="IAnswerScoringModel.ScoreAnswers"/>, the path extraction uses: a question run once with several
/// answers packed behind it in one row (each attending only to the question and itself) must give the hidden states and answer log-probs of each
/// full sequence run alone (≤ 1e-5 in float32), and the reference's true answer its transformers log-probs.
/// For T5 (the encoder runs once and the answers decode as one padded batch) the bound is
/// relative, 1e-5 of each layer's largest |value|, because its unscaled attention gives hidden values in the
/// tens and float32 rounding of batched and single matrix products differs at that scale.
/// </summary>
[Collection(ModelTestCollection.Name)]
public class PackedAnswerTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string> ModelFolders() =>
        new(HiddenStateReference.SupportedFiles().Where(f => HiddenStateReference.Load(f).Cases.All(c => c.Answer is not null))
            .Select(HiddenStateReference.ModelFolderOf).Distinct());

    [Theory]
    [MemberData(nameof(ModelFolders))]
    public void Packed_answer_continuations_equal_full_runs_and_the_reference(string modelFolder)
    {
        var reference = HiddenStateReference.Load(Path.Combine(modelFolder, "reference", "single.json"));
        var model = Assert.IsAssignableFrom<IAnswerScoringModel>(ModelRuns.Model(reference.ModelFolder));
        var checks = new ReferenceChecks(reference.Atol, reference.Rtol);
        double worstAgainstFull = 0;
        foreach (var c in reference.Cases)
        {
            using var scope = NewDisposeScope();
            if (model is T5Model t5)
            {
                // Encoder-decoder: the question is the encoder input, the answer the labels.
                var scored = model.ScoreAnswers(c.InputIds, [c.Answer!.AnswerIds, [5, 6], [.. c.Answer.AnswerIds.Reverse(), 9, 9]]);
                var states = scored[0].HiddenStates.Select(Seq2SeqParityTests.ToMatrix).ToArray();
                checks.Summaries($"case {c.Index} decoder", c.DecoderStates!, states, Enumerable.Repeat(1L, c.Answer.AnswerIds.Length).ToArray());
                checks.Vector($"case {c.Index} per_token", c.Answer.PerToken, scored[0].LogProb!.PerToken.Select(v => (double)v).ToArray());
                for (int a = 1; a < scored.Count; a++)
                    worstAgainstFull = Math.Max(worstAgainstFull, CompareWithT5Run(t5, c.InputIds, a == 1 ? [5, 6] : [.. c.Answer.AnswerIds.Reverse(), 9, 9], scored[a]));
                continue;
            }
            var decoder = (CausalLanguageModel)model;
            int answerLength = c.Answer!.AnswerIds.Length;
            long[] question = c.InputIds[..^answerLength];
            long[][] answers = [c.Answer.AnswerIds, [c.InputIds[0]], [.. c.Answer.AnswerIds.Reverse(), 7, 11, 13]];
            var scoredAnswers = model.ScoreAnswers(question, answers);
            checks.Vector($"case {c.Index} per_token", c.Answer.PerToken, scoredAnswers[0].LogProb!.PerToken.Select(v => (double)v).ToArray());
            for (int a = 0; a < answers.Length; a++)
                worstAgainstFull = Math.Max(worstAgainstFull, CompareWithFullRun(decoder, question, answers[a], scoredAnswers[a]));
        }
        output.WriteLine($"{modelFolder}: cached prompt vs full runs max-abs {worstAgainstFull:0.0e+0}; vs reference {checks.Worst:0.0e+0}");
        checks.AssertPassed();
        Assert.InRange(worstAgainstFull, 0, Tolerance);
    }

    private static double CompareWithFullRun(CausalLanguageModel model, long[] question, long[] answer, ScoredAnswer scored)
    {
        long[] full = [.. question, .. answer];
        var run = model.ScoreSpans(tensor(full, [1, full.Length]), ones(1, full.Length, ScalarType.Int64), [new AnswerSpan(question.Length, answer.Length)]);
        double worst = MaxDifference(run.HiddenStates.Select(s => s[0]).ToArray(), scored.HiddenStates);
        return Math.Max(worst, run.Answers[0].PerToken.Zip(scored.LogProb!.PerToken, (x, y) => (double)Math.Abs(x - y)).Max());
    }

    private static double CompareWithT5Run(T5Model model, long[] question, long[] answer, ScoredAnswer scored)
    {
        long[] decoderInputs = [0, .. answer[..^1]];
        var run = model.Run(tensor(question, [1, question.Length]), ones(1, question.Length, ScalarType.Int64),
            tensor(decoderInputs, [1, decoderInputs.Length]), ones(1, decoderInputs.Length, ScalarType.Int64), tensor(answer, [1, answer.Length]));
        double worst = MaxDifference(run.DecoderHiddenStates.Select(s => s[0]).ToArray(), scored.HiddenStates, relative: true);
        return Math.Max(worst, run.LabelLogProbs![0].PerToken.Zip(scored.LogProb!.PerToken, (x, y) => (double)Math.Abs(x - y)).Max());
    }

    private static double MaxDifference(Tensor[] expected, Tensor[] actual, bool relative = false)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        for (int layer = 0; layer < expected.Length; layer++)
        {
            Assert.Equal(expected[layer].shape, actual[layer].shape);
            double scale = relative ? Math.Max(1, expected[layer].abs().max().item<float>()) : 1;
            worst = Math.Max(worst, (expected[layer] - actual[layer]).abs().max().item<float>() / scale);
        }
        return worst;
    }
}
