using System.Diagnostics;
using Ccs.Models.Decoding;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Ccs.Tests.Models;

/// <summary>
/// Every decoder-only reference file with <c>answer_logprobs</c>: the log-probability of each answer token, from
/// the LM head at the position before it, on the reference's own (padded) batches, within the file's tolerance
/// of what transformers computed; the mean is spec 4.7's <c>logprob</c>.
/// </summary>
[Collection(ModelTestCollection.Name)]
public class AnswerLogProbParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> DecoderReferenceFiles() =>
        new(HiddenStateReference.SupportedFiles().Where(f => HiddenStateReference.Load(f).Cases.All(c => c.Answer is not null && c.DecoderInputIds is null)));

    [Theory]
    [MemberData(nameof(DecoderReferenceFiles))]
    public void Answer_log_probs_match_transformers(string referenceFile)
    {
        var reference = HiddenStateReference.Load(referenceFile);
        var model = Assert.IsAssignableFrom<CausalLanguageModel>(ModelRuns.Model(reference.ModelFolder));
        Assert.True(model.HasLanguageModelHead);
        var checks = new ReferenceChecks(reference.Atol, reference.Rtol);
        var clock = Stopwatch.StartNew();
        foreach (var batch in reference.Cases.GroupBy(c => c.Batch))
        {
            var cases = batch.ToList();
            using var scope = NewDisposeScope();
            var ids = tensor(cases.SelectMany(c => c.InputIds).ToArray(), [cases.Count, cases[0].InputIds.Length]);
            var mask = tensor(cases.SelectMany(c => c.AttentionMask).ToArray(), [cases.Count, cases[0].InputIds.Length]);
            var spans = cases.Select(c => new AnswerSpan(c.Answer!.Positions[0], c.Answer.Positions.Length)).ToList();
            var scores = model.ScoreSpans(ids, mask, spans);
            for (int row = 0; row < cases.Count; row++)
            {
                var c = cases[row];
                // The reference's answer positions are consecutive and hold the answer ids.
                Assert.Equal(c.Answer!.AnswerIds, c.Answer.Positions.Select(p => c.InputIds[p]).ToArray());
                checks.Vector($"case {c.Index} per_token", c.Answer.PerToken, scores.Answers[row].PerToken.Select(v => (double)v).ToArray());
                checks.Value($"case {c.Index} mean", c.Answer.Mean, scores.Answers[row].Mean);
            }
        }
        output.WriteLine($"{referenceFile}: answer log-probs in {clock.ElapsedMilliseconds} ms, max-abs error {checks.Worst:0.0e+0}");
        checks.AssertPassed();
    }
}
