using Ccs.Models.Decoding;
using Ccs.Options;
using static TorchSharp.torch;

namespace Ccs.Extraction;

/// <summary>
/// Decoder-only extraction that computes each question once: the choices of one (example, variant) share their
/// question, so the questions of a batch run once (KV cache) and only the answer tokens run per choice
/// (<see cref="CausalLanguageModel.RunAfterSharedQuestions"/>). Pooling reads the question's and the answer's
/// states as one sequence: <c>first</c> is the question's first token, <c>last</c> the answer's last, <c>mean</c>
/// the mean over both. Gives the full-sequence states of <see cref="PooledStates"/> up to float32 rounding; batches
/// the model cannot share exactly (dynamic rotary frequencies at their length) or with an empty answer run as
/// full sequences through <paramref name="fullSequences"/>.
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
        foreach (int[] batch in BatchPlan.Group([.. groups.Select(g => g.Length(choices))], batchSize, tokenBudget))
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

    /// <summary>One pass of questions and their answers; every tensor it makes is freed before it returns.</summary>
    private void RunBatch(List<QuestionGroup> members, IReadOnlyList<ChoiceTokens> choices, ChoiceStates[] result)
    {
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var (questions, choiceOfRow, questionOfRow, answers) = QuestionRows.Of(members, choices);
        var run = model.RunAfterSharedQuestions(questions, questionOfRow, answers, scoreAnswers);

        Device device = model.Placement.Device;
        int questionWidth = questions.Max(q => q.Length), answerWidth = answers.Max(a => a.Length);
        var rows = tensor(questionOfRow.Select(q => (long)q).ToArray(), device: device);
        Tensor Pool(int layer)
        {
            Tensor question = run.QuestionStates[layer], answer = run.AnswerStates[layer];
            return tokenLoc switch
            {
                // Left-padded questions start at width − length.
                TokenLoc.First => TokenPooling.At(question, [.. questions.Select(q => (long)(questionWidth - q.Length))]).index_select(0, rows),
                TokenLoc.Last => TokenPooling.At(answer, [.. answers.Select(a => (long)a.Length - 1)]),
                _ => (TokenPooling.MaskedSum(question, TokenPooling.Mask(questions, questionWidth, leftPadded: true, device)).index_select(0, rows)
                      + TokenPooling.MaskedSum(answer, TokenPooling.Mask(answers, answerWidth, leftPadded: false, device)))
                     / tensor(answers.Select((a, r) => (float)(a.Length + questions[questionOfRow[r]].Length)).ToArray(), device: device).unsqueeze(1),
            };
        }
        float[][] pooled = TokenPooling.Rows(stack(layers.Select(Pool), 1));
        for (int r = 0; r < choiceOfRow.Length; r++) result[choiceOfRow[r]] = new ChoiceStates(pooled[r], run.Answers?[r].LogOdds);
    }
}
