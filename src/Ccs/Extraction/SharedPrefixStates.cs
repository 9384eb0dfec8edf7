using Ccs.Models.Decoding;
using Ccs.Options;
using static TorchSharp.torch;

namespace Ccs.Extraction;

/// <summary>
/// Decoder-only extraction that computes each question once: the choices of one (example, variant) share their
/// question, so each question runs in one row followed by all of its answers, each answer attending only to the
/// question and to itself (<see cref="CausalLanguageModel.RunPacked"/>). Pooling reads the question's and the
/// answer's states as one sequence: <c>first</c> is the question's first token, <c>last</c> the answer's last,
/// <c>mean</c> the mean over both. Gives the full-sequence states of <see cref="PooledStates"/> up to float32
/// rounding; batches the model cannot share exactly (dynamic rotary frequencies at their length) or with an empty
/// question or answer run as full sequences through <paramref name="fullSequences"/>.
/// </summary>
/// <param name="batchSize">Questions per forward pass (each with its answers); null: by <paramref name="tokenBudget"/>.</param>
public sealed class SharedPrefixStates(CausalLanguageModel model, IReadOnlyList<int> layers, TokenLoc tokenLoc, PooledStates fullSequences,
    int? batchSize = null, int tokenBudget = BatchPlan.DefaultTokenBudget, bool scoreAnswers = false) : IChoicePass
{
    public IReadOnlyList<int> Layers => layers;

    public int HiddenSize => model.Config.HiddenSize;

    public bool ScoresAnswers => scoreAnswers;

    public IReadOnlyList<ChoiceStates> Run(IReadOnlyList<ChoiceTokens> choices)
    {
        var result = new ChoiceStates[choices.Count];
        var groups = QuestionGroup.Of(choices);
        foreach (int[] batch in BatchPlan.Group([.. groups.Select(g => g.PackedLength(choices))], batchSize, tokenBudget))
        {
            var members = batch.Select(g => groups[g]).ToList();
            if (members.Any(g => g.Question.Length == 0 || g.Choices.Any(c => choices[c].Answer.Length == 0))
                || !model.CanSharePrefix(members.Max(g => g.Length(choices))))
            {
                int[] indices = [.. members.SelectMany(g => g.Choices)];
                var full = fullSequences.Run([.. indices.Select(i => choices[i])]);
                for (int i = 0; i < indices.Length; i++) result[indices[i]] = full[i];
                continue;
            }
            RunBatch(members, choices, result);
        }
        return result;
    }

    /// <summary>One pass of packed questions and answers; every tensor it makes is freed before it returns.</summary>
    private void RunBatch(List<QuestionGroup> members, IReadOnlyList<ChoiceTokens> choices, ChoiceStates[] result)
    {
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        long[][] questions = [.. members.Select(g => g.Question.Select(x => (long)x).ToArray())];
        long[][][] answers = [.. members.Select(g => g.Choices.Select(c => choices[c].Answer.Select(x => (long)x).ToArray()).ToArray())];
        var run = model.RunPacked(questions, answers, scoreAnswers);

        // Per choice row: its packed row, and which array indices of that row are its sequence.
        int width = (int)run.States[0].shape[1];
        var choiceRows = new List<(int Choice, int Row, int Start, int Length)>();
        for (int q = 0; q < members.Count; q++)
            for (int c = 0; c < members[q].Choices.Length; c++)
                choiceRows.Add((members[q].Choices[c], q, run.AnswerStarts[q][c], answers[q][c].Length));
        Device device = model.Placement.Device;
        long d = model.Config.HiddenSize;
        Tensor Pool(int layer)
        {
            Tensor states = run.States[layer];
            if (tokenLoc == TokenLoc.Mean)
            {
                var mask = new long[choiceRows.Count * width];
                for (int r = 0; r < choiceRows.Count; r++)
                {
                    var (_, row, start, length) = choiceRows[r];
                    Array.Fill(mask, 1L, r * width, questions[row].Length);
                    Array.Fill(mask, 1L, r * width + start, length);
                }
                var rows = tensor(choiceRows.Select(x => (long)x.Row).ToArray(), device: device);
                var maskTensor = tensor(mask, [choiceRows.Count, width], device: device);
                return TokenPooling.MaskedSum(states.index_select(0, rows), maskTensor) / maskTensor.sum(1, keepdim: true).to(ScalarType.Float32);
            }
            long[] flat = [.. choiceRows.Select(x => (long)x.Row * width + (tokenLoc == TokenLoc.First ? 0 : x.Start + x.Length - 1))];
            return states.reshape(-1, d).index_select(0, tensor(flat, device: device)).to(ScalarType.Float32);
        }
        float[][] pooled = TokenPooling.Rows(stack(layers.Select(Pool), 1));
        for (int r = 0; r < choiceRows.Count; r++) result[choiceRows[r].Choice] = new ChoiceStates(pooled[r], run.Answers?[r].LogOdds);
    }
}
