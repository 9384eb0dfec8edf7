using Ccs.Models;
using Ccs.Models.Decoding;
using Ccs.Options;
using Ccs.Tokenization;
using static TorchSharp.torch;

namespace Ccs.Extraction;

/// <summary>
/// Runs full sequences (question + answer) in padded batches and keeps, for every sequence and selected layer, the
/// hidden state at <c>--token_loc</c> over its real (unpadded) tokens (spec 4.4): the first, the last, or their mean.
/// This equals the original's one-sequence-at-a-time <c>h[..., 0, :]</c>, <c>h[..., -1, :]</c> and
/// <c>h.mean(dim=-2)</c> (ccs/extraction/extraction.py <c>extract_hiddens</c>) whatever the batch and the padding
/// side. With <paramref name="scoreAnswers"/> (a decoder with an LM head) the answer log-odds of spec 4.7 come
/// from the same forward pass (<see cref="CausalLanguageModel.ScoreSpans"/>).
/// </summary>
/// <param name="batchSize">Sequences per forward pass in <see cref="Run(IReadOnlyList{ChoiceTokens})"/>; null: by <paramref name="tokenBudget"/>.</param>
public sealed class PooledStates(IHiddenStateModel model, IReadOnlyList<int> layers, TokenLoc tokenLoc, int padId, PaddingSide paddingSide,
    int? batchSize = null, int tokenBudget = BatchPlan.DefaultTokenBudget, bool scoreAnswers = false) : IChoicePass
{
    private readonly CausalLanguageModel? _scorer = scoreAnswers
        ? model as CausalLanguageModel ?? throw new ArgumentException($"{model.Config.ModelType}: answer log-odds need a decoder-only model")
        : null;

    public IReadOnlyList<int> Layers => layers;

    public int HiddenSize => model.Config.HiddenSize;

    public bool ScoresAnswers => _scorer is not null;

    public IReadOnlyList<ChoiceStates> Run(IReadOnlyList<ChoiceTokens> choices)
    {
        var result = new ChoiceStates[choices.Count];
        foreach (int[] batch in BatchPlan.Group([.. choices.Select(c => c.Length)], batchSize, tokenBudget))
        {
            var (pooled, logProbs) = RunBatch([.. batch.Select(i => choices[i].Ids)], [.. batch.Select(i => choices[i].Answer.Length)]);
            for (int b = 0; b < batch.Length; b++) result[batch[b]] = new ChoiceStates(pooled[b], logProbs?[b].LogOdds);
        }
        return result;
    }

    /// <summary>result[i] is sequence i's row-major (layer, d) float32 states, layers in <see cref="Layers"/> order.</summary>
    public float[][] Run(IReadOnlyList<int[]> sequences, IReadOnlyList<int[]> batches)
    {
        var result = new float[sequences.Count][];
        foreach (int[] batch in batches)
        {
            float[][] pooled = RunBatch([.. batch.Select(i => sequences[i])]);
            for (int b = 0; b < batch.Length; b++) result[batch[b]] = pooled[b];
        }
        return result;
    }

    /// <summary>One forward pass; every tensor it makes is freed before it returns.</summary>
    public float[][] RunBatch(IReadOnlyList<int[]> sequences) => RunBatch(sequences, answerLengths: null).Pooled;

    /// <summary>
    /// One forward pass; with <paramref name="answerLengths"/> (and a scorer) also the log-probs of each
    /// sequence's last <c>answerLengths[i]</c> tokens.
    /// </summary>
    private (float[][] Pooled, IReadOnlyList<AnswerLogProb>? LogProbs) RunBatch(IReadOnlyList<int[]> sequences, IReadOnlyList<int>? answerLengths)
    {
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        int rows = sequences.Count, width = sequences.Max(s => s.Length);
        var ids = new long[rows * width];
        var mask = new long[rows * width];
        var first = new long[rows];
        var last = new long[rows];
        for (int r = 0; r < rows; r++)
        {
            int[] s = sequences[r];
            int offset = paddingSide == PaddingSide.Left ? width - s.Length : 0;
            Array.Fill(ids, padId, r * width, width);
            for (int t = 0; t < s.Length; t++)
            {
                ids[r * width + offset + t] = s[t];
                mask[r * width + offset + t] = 1;
            }
            first[r] = offset;
            last[r] = offset + s.Length - 1;
        }

        Device device = model.Placement.Device;
        Tensor maskTensor = tensor(mask, [rows, width]).to(device);
        Tensor idTensor = tensor(ids, [rows, width]).to(device);
        Tensor[] states;
        IReadOnlyList<AnswerLogProb>? logProbs = null;
        if (_scorer is not null && answerLengths is not null)
        {
            var spans = answerLengths.Select((length, r) => new AnswerSpan((int)last[r] + 1 - length, length)).ToList();
            var scores = _scorer.ScoreSpans(idTensor, maskTensor, spans);
            (states, logProbs) = (scores.HiddenStates, scores.Answers);
        }
        else states = model.HiddenStates(idTensor, maskTensor);
        Tensor pooled = stack(layers.Select(layer => TokenPooling.Pool(states[layer], maskTensor, first, last, tokenLoc)), 1); // (rows, layers, d)
        return (TokenPooling.Rows(pooled), logProbs);
    }
}
