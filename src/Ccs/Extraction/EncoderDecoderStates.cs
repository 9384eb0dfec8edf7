using Ccs.Models.T5;
using Ccs.Options;
using static TorchSharp.torch;

namespace Ccs.Extraction;

/// <summary>
/// Encoder-decoder extraction (spec 4.3): each question (special tokens added) goes into the encoder once; each of
/// its answers (target ids, end token included) is decoded from <c>[decoder_start] + answer[:-1]</c>, and the
/// decoder's hidden states are pooled (spec 4.4: <c>first</c> is the decoder start position, <c>last</c> the last
/// decoder position, <c>mean</c> over all decoder positions). The log-odds come from the label log-probs of the
/// same pass (<see cref="T5Model.RunAnswers"/>).
/// </summary>
/// <param name="batchSize">Questions per forward pass (each with its answers); null: by <paramref name="tokenBudget"/>.</param>
public sealed class EncoderDecoderStates : IChoicePass
{
    private readonly T5Model _model;
    private readonly TokenLoc _tokenLoc;
    private readonly int? _batchSize;
    private readonly int _tokenBudget;

    public EncoderDecoderStates(T5Model model, IReadOnlyList<int> layers, TokenLoc tokenLoc, int? batchSize = null,
        int tokenBudget = BatchPlan.DefaultTokenBudget, bool scoreAnswers = false)
    {
        var config = (T5Config)model.Config;
        // The layer indices count the encoder (spec 4.2); a deeper index has no decoder state to read.
        if (layers.FirstOrDefault(l => l > config.NumDecoderLayers, -1) is var bad and >= 0)
            throw new CcsException(ExitCode.BadInput,
                $"layer {bad} does not exist in the decoder, whose hidden states go from 0 (embeddings) to {config.NumDecoderLayers}");
        _model = model;
        Layers = layers;
        _tokenLoc = tokenLoc;
        _batchSize = batchSize;
        _tokenBudget = tokenBudget;
        ScoresAnswers = scoreAnswers;
    }

    public IReadOnlyList<int> Layers { get; }

    public int HiddenSize => _model.Config.HiddenSize;

    public bool ScoresAnswers { get; }

    public IReadOnlyList<ChoiceStates> Run(IReadOnlyList<ChoiceTokens> choices)
    {
        var result = new ChoiceStates[choices.Count];
        var groups = QuestionGroup.Of(choices);
        foreach (int[] batch in BatchPlan.Group([.. groups.Select(g => g.Length(choices))], _batchSize, _tokenBudget))
            RunBatch([.. batch.Select(g => groups[g])], choices, result);
        return result;
    }

    private void RunBatch(List<QuestionGroup> members, IReadOnlyList<ChoiceTokens> choices, ChoiceStates[] result)
    {
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var (questions, choiceOfRow, questionOfRow, answers) = QuestionRows.Of(members, choices);
        var run = _model.RunAnswers(questions, questionOfRow, answers, ScoresAnswers);

        var maskTensor = TokenPooling.Mask(answers, answers.Max(a => a.Length), leftPadded: false, _model.Placement.Device);
        long[] first = new long[answers.Length], last = [.. answers.Select(a => (long)a.Length - 1)];
        var pooled = TokenPooling.Rows(stack(Layers.Select(l => TokenPooling.Pool(run.DecoderStates[l], maskTensor, first, last, _tokenLoc)), 1));
        for (int r = 0; r < choiceOfRow.Length; r++) result[choiceOfRow[r]] = new ChoiceStates(pooled[r], run.Answers?[r].LogOdds);
    }
}
