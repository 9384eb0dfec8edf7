using System.Diagnostics;
using Ccs.Models.T5;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Ccs.Tests.Models;

/// <summary>
/// Every encoder-decoder reference file (cases with <c>decoder_input_ids</c>): the decoder's hidden-state
/// summaries and the label log-probabilities of the reference's own batches, within the file's tolerance of
/// transformers (the encoder's states are checked by <see cref="HiddenStateParityTests"/>).
/// </summary>
[Collection(ModelTestCollection.Name)]
public class Seq2SeqParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Seq2SeqReferenceFiles() =>
        new(HiddenStateReference.SupportedFiles().Where(f => HiddenStateReference.Load(f).Cases.All(c => c.DecoderInputIds is not null)));

    [Theory]
    [MemberData(nameof(Seq2SeqReferenceFiles))]
    public void Decoder_states_and_label_log_probs_match_transformers(string referenceFile)
    {
        var reference = HiddenStateReference.Load(referenceFile);
        var model = Assert.IsType<T5Model>(ModelRuns.Model(reference.ModelFolder));
        var states = new ReferenceChecks(reference.Atol, reference.Rtol);
        var logProbs = new ReferenceChecks(reference.Atol, reference.Rtol);
        var clock = Stopwatch.StartNew();
        foreach (var batch in reference.Cases.GroupBy(c => c.Batch))
        {
            var cases = batch.ToList();
            using var scope = NewDisposeScope();
            int length = cases[0].InputIds.Length, width = cases[0].DecoderInputIds!.Length;
            // Labels sit at the decoder positions; padded positions are never read.
            var labels = cases.SelectMany(c => c.Answer!.AnswerIds.Concat(new long[width - c.Answer.AnswerIds.Length])).ToArray();
            var result = model.Run(
                tensor(cases.SelectMany(c => c.InputIds).ToArray(), [cases.Count, length]),
                tensor(cases.SelectMany(c => c.AttentionMask).ToArray(), [cases.Count, length]),
                tensor(cases.SelectMany(c => c.DecoderInputIds!).ToArray(), [cases.Count, width]),
                tensor(cases.SelectMany(c => c.DecoderAttentionMask!).ToArray(), [cases.Count, width]),
                tensor(labels, [cases.Count, width]));
            for (int row = 0; row < cases.Count; row++)
            {
                var c = cases[row];
                var matrices = result.DecoderHiddenStates.Select(s => ToMatrix(s[row])).ToArray();
                states.Summaries($"case {c.Index} decoder", c.DecoderStates!, matrices, c.DecoderAttentionMask!);
                logProbs.Vector($"case {c.Index} per_token", c.Answer!.PerToken, result.LabelLogProbs![row].PerToken.Select(v => (double)v).ToArray());
                logProbs.Value($"case {c.Index} mean", c.Answer.Mean, result.LabelLogProbs[row].Mean);
            }
        }
        output.WriteLine($"{referenceFile}: {clock.ElapsedMilliseconds} ms; max-abs error decoder states {states.Worst:0.0e+0}, label log-probs {logProbs.Worst:0.0e+0}");
        states.AssertPassed();
        logProbs.AssertPassed();
    }

    internal static double[,] ToMatrix(Tensor states)
    {
        var values = states.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        var matrix = new double[states.shape[0], states.shape[1]];
        Buffer.BlockCopy(values, 0, matrix, 0, values.Length * sizeof(double));
        return matrix;
    }
}
