using Ccs.Models;
using Ccs.Tokenization;

namespace Ccs.Extraction;

/// <summary>What extraction runs: the model, its tokenizer, and the LM-head scorer when the model has one.</summary>
public sealed record ExtractionModel(IHiddenStateModel Model, Tokenizer Tokenizer, IAnswerLogOddsScorer? Scorer) : IDisposable
{
    /// <summary>
    /// Loads a model folder. A model whose class scores answers with its LM head (spec 4.7) implements
    /// <see cref="IAnswerLogOddsScorer"/>; encoders have no LM head and no scorer.
    /// </summary>
    public static ExtractionModel Load(string folder, ModelPlacement placement)
    {
        Tokenizer tokenizer = TokenizerLoader.FromFolder(folder);
        IHiddenStateModel model = PretrainedModel.Load(folder, placement);
        return new ExtractionModel(model, tokenizer, model as IAnswerLogOddsScorer);
    }

    public void Dispose() => Model.Dispose();
}
